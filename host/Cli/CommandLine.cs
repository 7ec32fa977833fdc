using System.CommandLine;

namespace Sharpdig.Cli;

/// <summary>
/// sysdig's flags on System.CommandLine. sysdig parses with getopt, so a pre-pass first splits
/// bundled and attached forms ("-lv", "-tD", "-n100", "-pc") into separate words.
/// </summary>
public static class CommandLine
{
    /// <summary>Short options that take a value.</summary>
    static readonly HashSet<char> WithValue = ['c', 'C', 'e', 'G', 'i', 'M', 'n', 'p', 'r', 's', 't', 'U', 'W', 'w'];

    public static IEnumerable<string> Normalize(IEnumerable<string> args)
    {
        bool literal = false;
        foreach (var a in args)
        {
            if (!literal && DriverOptions.BpfWord(a) is { } bpf)
            {
                yield return bpf;
                continue;
            }
            if (literal || a.Length < 3 || a[0] != '-' || a[1] == '-')
            {
                if (a == "--") literal = true;
                yield return a;
                continue;
            }
            for (int k = 1; k < a.Length; k++)
            {
                yield return "-" + a[k];
                if (WithValue.Contains(a[k]))
                {
                    if (k + 1 < a.Length) yield return a[(k + 1)..];
                    break;
                }
            }
        }
    }

    /// <summary>Whether an option word (after <see cref="Normalize"/>) takes the next word as its value.</summary>
    public static bool TakesValue(string option) =>
        option.StartsWith("--")
            ? OptionNamed(option).ValueFollows
            : option.Length == 2 && WithValue.Contains(option[1]);

    static readonly Option<string[]> Read = new("-r", "--read") { Description = "Read the events from <readfile> (several -r: each in turn)." };
    static readonly Option<long?> Count = new("-n", "--numevents") { Description = "Stop capturing after <num> events." };
    static readonly Option<bool> Verbose = new("-v", "--verbose") { Description = "Verbose output: data buffers are not cut at 80 bytes." };
    static readonly Option<bool> Ascii = new("-A", "--print-ascii") { Description = "Only print the text portion of data buffers." };
    static readonly Option<bool> HexAscii = new("-X", "--print-hex-ascii") { Description = "Print data buffers in hex and ASCII." };
    static readonly Option<bool> Hex = new("-x", "--print-hex") { Description = "Print data buffers in hex." };
    static readonly Option<bool> Base64 = new("-b", "--print-base64") { Description = "Print data buffers in base64." };
    static readonly Option<int?> Snaplen = new("-s", "--snaplen") { Description = "Capture the first <len> bytes of each I/O buffer." };
    static readonly Option<string> Time = new("-t", "--timetype") { Description = "Timestamps: h (human), a (absolute), r (relative), d (delta enter/exit), D (delta between events)." };
    static readonly Option<string> Print = new("-p", "--print") { Description = "Format used when printing events (a leading * prints events with missing fields)." };
    static readonly Option<bool> Json = new("-j", "--json") { Description = "Emit output as JSON." };
    static readonly Option<bool> Summary = new("-S", "--summary") { Description = "Print the event summary (by type) at the end." };
    static readonly Option<bool> ListEvents = new("-L", "--list-events") { Description = "List the events the engine supports." };
    static readonly Option<bool> ListFields = new("-l", "--list") { Description = "List the fields for filtering and output formatting (-lv: with types)." };
    static readonly Option<bool> ListMarkdown = new("--list-markdown") { Description = "Like -l, but produces markdown output." };
    static readonly Option<bool> DisplayFilter = new("-d", "--displayflt") { Description = "Filter events after state has seen them." };
    static readonly Option<bool> Debug = new("-D", "--debug") { Description = "Show internal events too." };
    static readonly Option<string[]> Chisel = new("-c", "--chisel") { Description = "Run the chisel <chiselname>; -cl lists chisels." };
    static readonly Option<bool> Progress = new("-P", "--progress") { Description = "Print progress on stderr while processing trace files." };
    static readonly Option<bool> ExcludeUsers = new("-E", "--exclude-users") { Description = "Live: don't read the users and groups at start (so -w files carry none)." };
    static readonly Option<bool> ResolvePorts = new("-R") { Description = "Resolve port numbers to names (from /etc/services)." };
    static readonly Option<string[]> SuppressComm = new("-U", "--suppress-comm") { Description = "Drop the events of processes called <comm>, and of their children (repeatable)." };
    static readonly Option<bool> Unbuffered = new("--unbuffered") { Description = "Write each line as soon as it is complete (stdout to a terminal always is)." };
    static readonly Option<bool> FatFile = new("-F", "--fatfile") { Description = "Accepted as sysdig accepts it (the around chisel's second run uses it); -w files always begin with the state." };
    static readonly Option<bool> Help = new("-h", "--help") { Description = "Print this page." };
    static readonly Option<bool> Version = new("--version") { Description = "Print the version." };
    static readonly Argument<string[]> Filter = new("filter") { Description = "Filter expression.", Arity = ArgumentArity.ZeroOrMore };

    // A plain Command, not RootCommand: its help/completion machinery costs start-up time we can't spare.
    static readonly Command Root = new("sharpdig", "sharpdig: system-call exploration, sysdig compatible.")
    {
        Read, Count, Verbose, Ascii, HexAscii, Hex, Base64, Snaplen, Time, Print, Json, Summary, ListEvents,
        ListFields, ListMarkdown, DisplayFilter, Debug, Chisel, Progress, ExcludeUsers, ResolvePorts, SuppressComm, Unbuffered, FatFile, Help, Version, Filter,
    };

    static readonly Func<ParseResult, CaptureOptions> ReadCapture = CaptureOptions.AddTo(Root);
    static readonly Func<ParseResult, DriverOptions> ReadDriver = DriverOptions.AddTo(Root);

    /// <summary>Parses sysdig-style arguments; a usage error is thrown as <see cref="UsageException"/>.</summary>
    public static Options Parse(string[] args)
    {
        var words = KeepLastValues(Normalize(args).ToArray());
        CheckOneBufferFormat(words);
        var result = Root.Parse(words);
        if (result.Errors.Count > 0)
            throw new UsageException(result.Errors[0].Message);
        var o = new Options
        {
            MaxEvents = result.GetValue(Count),
            Verbose = result.GetValue(Verbose),
            Ascii = result.GetValue(Ascii),
            HexAscii = result.GetValue(HexAscii),
            Hex = result.GetValue(Hex),
            Base64 = result.GetValue(Base64),
            Snaplen = result.GetValue(Snaplen),
            PrintFormat = result.GetValue(Print),
            Json = result.GetValue(Json),
            Summary = result.GetValue(Summary),
            ListEvents = result.GetValue(ListEvents),
            ListFields = result.GetValue(ListFields),
            ListMarkdown = result.GetValue(ListMarkdown),
            DisplayFilter = result.GetValue(DisplayFilter),
            Debug = result.GetValue(Debug),
            Progress = result.GetValue(Progress),
            Unbuffered = result.GetValue(Unbuffered),
            ExcludeUsers = result.GetValue(ExcludeUsers),
            ResolvePorts = result.GetValue(ResolvePorts),
            Help = result.GetValue(Help),
            Version = result.GetValue(Version),
            Capture = ReadCapture(result),
            Driver = ReadDriver(result),
        };
        var time = result.GetValue(Time);
        if (!string.IsNullOrEmpty(time)) o.TimeFormat = time[0];
        o.ReadFiles.AddRange(result.GetValue(Read) ?? []);
        o.ReadFile = o.ReadFiles.FirstOrDefault();
        o.FilterWords.AddRange(result.GetValue(Filter) ?? []);
        o.SuppressedComms.AddRange(result.GetValue(SuppressComm) ?? []);
        return o;
    }

    /// <summary>The option a word names, and whether its value is the next word (not given inline, as in --numevents=5).</summary>
    static (Option? Option, bool ValueFollows) OptionNamed(string word)
    {
        int equals = word.StartsWith("--") ? word.IndexOf('=') : -1;
        var name = equals < 0 ? word : word[..equals];
        var option = Root.Options.FirstOrDefault(o => o.Name == name || o.Aliases.Contains(name));
        return (option, option != null && equals < 0 && option.Arity.MinimumNumberOfValues > 0);
    }

    /// <summary>
    /// getopt lets the last of a repeated option win (-n 3 -n 5 reads 5 events); System.CommandLine refuses
    /// repeats, so the earlier ones are left out. (-r and -c may repeat: each file is read, each chisel runs.)
    /// </summary>
    static string[] KeepLastValues(string[] words)
    {
        var lastAt = new Dictionary<Option, int>();
        var dropped = new HashSet<int>();
        for (int i = 0; i < words.Length && words[i] != "--"; i++)
        {
            var (option, valueFollows) = OptionNamed(words[i]);
            if (option == null || option.Arity.MinimumNumberOfValues == 0) continue;
            if (option.Arity.MaximumNumberOfValues == 1)
            {
                if (lastAt.TryGetValue(option, out int earlier))
                {
                    dropped.Add(earlier);
                    if (OptionNamed(words[earlier]).ValueFollows) dropped.Add(earlier + 1);
                }
                lastAt[option] = i;
            }
            if (valueFollows) i++;   // its value, whatever it looks like
        }
        return dropped.Count == 0 ? words : words.Where((_, i) => !dropped.Contains(i)).ToArray();
    }

    /// <summary>sysdig takes one of -A, -b, -x, -X: at the second it stops, with a status that depends on which flag that is.</summary>
    static void CheckOneBufferFormat(string[] words)
    {
        bool seen = false;
        for (int i = 0; i < words.Length && words[i] != "--"; i++)
        {
            var (option, valueFollows) = OptionNamed(words[i]);
            if (option == Ascii || option == Base64 || option == Hex || option == HexAscii)
            {
                if (seen) throw new OptionsRefusedException("you cannot specify more than one output format", option == Ascii || option == Base64 ? 0 : 1);
                seen = true;
            }
            else if (valueFollows) i++;
        }
    }

    public static string VersionText => typeof(CommandLine).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>The usage text -h prints, from the options' own descriptions.</summary>
    public static string HelpText()
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine($"sharpdig version {VersionText}");
        text.AppendLine("Usage: sharpdig [options] [-p <output_format>] [filter]");
        text.AppendLine();
        text.AppendLine("Options:");
        foreach (var option in Root.Options.Where(o => !o.Hidden))
        {
            var names = string.Join(", ", option.Aliases.Prepend(option.Name).OrderBy(n => n.Length));
            text.Append(' ').Append(names.PadRight(23)).Append(' ').AppendLine(option.Description);
        }
        return text.ToString();
    }
}
