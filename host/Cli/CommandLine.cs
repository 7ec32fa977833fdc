using System.CommandLine;

namespace Sharpdig.Cli;

/// <summary>
/// sysdig's flags on System.CommandLine. sysdig parses with getopt, so a pre-pass first splits
/// attached values ("-tD", "-n100", "-pc") into separate words, which System.CommandLine then parses.
/// </summary>
public static class CommandLine
{
    /// <summary>Short options that take a value.</summary>
    static readonly HashSet<char> WithValue = ['c', 'C', 'e', 'G', 'i', 'M', 'n', 'p', 'r', 's', 't', 'W', 'w'];

    public static IEnumerable<string> Normalize(IEnumerable<string> args)
    {
        bool literal = false;
        foreach (var a in args)
        {
            if (literal || a.Length < 3 || a[0] != '-' || a[1] == '-')
            {
                if (a == "--") literal = true;
                yield return a;
                continue;
            }
            // getopt bundling: "-lv" is -l -v; "-tD" is -t D; "-vn100" is -v -n 100.
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

    public static RootCommand Build(Func<Options, int> run)
    {
        var read = new Option<string>("-r", "--read") { Description = "Read the events from <readfile>." };
        var count = new Option<long>("-n", "--numevents") { Description = "Stop capturing after <num> events." };
        var verbose = new Option<bool>("-v", "--verbose") { Description = "Verbose output: no 80-byte cut of buffers." };
        var ascii = new Option<bool>("-A", "--print-ascii") { Description = "Only print the text portion of data buffers." };
        var hexAscii = new Option<bool>("-X", "--print-hex-ascii") { Description = "Print data buffers in hex and ASCII." };
        var hex = new Option<bool>("-x", "--print-hex") { Description = "Print data buffers in hex." };
        var base64 = new Option<bool>("-b", "--print-base64") { Description = "Print data buffers in base64." };
        var snaplen = new Option<int?>("-s", "--snaplen") { Description = "Capture the first <len> bytes of each I/O buffer." };
        var time = new Option<string>("-t", "--timetype") { Description = "Timestamp type: h, a, r, d, D." };
        var print = new Option<string>("-p", "--print") { Description = "Format used when printing events." };
        var json = new Option<bool>("-j", "--json") { Description = "Emit output as json." };
        var summary = new Option<bool>("-S", "--summary") { Description = "Print the event summary at the end." };
        var listEvents = new Option<bool>("-L", "--list-events") { Description = "List the events the engine supports." };
        var listFields = new Option<bool>("-l", "--list") { Description = "List the fields for filtering and output formatting." };
        var display = new Option<bool>("-d", "--displayflt") { Description = "Filter after state has seen the events." };
        var debug = new Option<bool>("-D", "--debug") { Description = "Show internal events too." };
        var chisel = new Option<string[]>("-c", "--chisel") { Description = "Run the chisel <chiselname>.", AllowMultipleArgumentsPerToken = false };
        var filter = new Argument<string[]>("filter") { Description = "Filter expression.", Arity = ArgumentArity.ZeroOrMore };

        var root = new RootCommand("sharpdig: system-call exploration, sysdig compatible.")
        {
            read, count, verbose, ascii, hexAscii, hex, base64, snaplen, time, print, json, summary, listEvents,
            listFields, display, debug, chisel, filter,
        };
        var capture = CaptureOptions.AddTo(root);
        root.TreatUnmatchedTokensAsErrors = true;
        root.SetAction(result =>
        {
            var o = new Options
            {
                ReadFile = result.GetValue(read),
                MaxEvents = result.GetValue(count),
                Verbose = result.GetValue(verbose),
                Ascii = result.GetValue(ascii),
                HexAscii = result.GetValue(hexAscii),
                Hex = result.GetValue(hex),
                Base64 = result.GetValue(base64),
                Snaplen = result.GetValue(snaplen),
                PrintFormat = result.GetValue(print),
                Json = result.GetValue(json),
                Summary = result.GetValue(summary),
                ListEvents = result.GetValue(listEvents),
                ListFields = result.GetValue(listFields),
                DisplayFilter = result.GetValue(display),
                Debug = result.GetValue(debug),
                Capture = capture(result),
            };
            var t = result.GetValue(time);
            if (!string.IsNullOrEmpty(t)) o.TimeFormat = t[0];
            o.Chisels.AddRange(result.GetValue(chisel) ?? []);
            o.FilterWords.AddRange(result.GetValue(filter) ?? []);
            return run(o);
        });
        return root;
    }
}
