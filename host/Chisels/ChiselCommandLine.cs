using Sharpdig.Output;

namespace Sharpdig.Chisels;

/// <summary>
/// The chisel options, handled as sysdig's getopt loop handles them, before the rest of the command
/// line is parsed: "-c NAME" loads the chisel on the spot and may take the next word as its arguments;
/// "-cl" (--list-chisels) and "-i NAME" (--chisel-info) print and end the run, as do --install-plugin
/// PACKAGE (a .nupkg file, or an id[@version] fetched from the --plugin-source feeds) and --uninstall-plugin ID.
/// </summary>
/// <remarks>
/// sysdig's rule for the word after NAME: a chisel without arguments takes nothing; one with a required
/// argument takes the next word whatever it is; one with only optional arguments takes it unless it
/// starts with '-' or the rest of the command line is a valid filter (a single "filter" argument takes
/// it regardless). The words taken are the first positional words, so they are not part of the filter.
/// </remarks>
public sealed class ChiselCommandLine
{
    /// <summary>The chisels to run; null when the command line names none.</summary>
    public ChiselSession? Session { get; private set; }
    /// <summary>How many positional words, from the first, were chisel arguments rather than filter.</summary>
    public int ArgumentWords { get; private set; }
    /// <summary>Set when the command line was handled here (a listing printed, or an error shown): the exit status.</summary>
    public int? ExitCode { get; private set; }

    /// <summary>
    /// Scans <paramref name="words"/> (the command line with bundled short options already split) for
    /// chisel options; <paramref name="takesValue"/> tells which other options consume the next word.
    /// </summary>
    public static ChiselCommandLine Scan(IReadOnlyList<string> words, Func<string, bool> takesValue)
    {
        var scan = new ChiselCommandLine();
        try
        {
            scan.Run(words, takesValue);
        }
        catch (ChiselException e)
        {
            scan.ExitCode = scan.Session != null ? scan.Session.Fail(e) : Report(e);
        }
        catch (ChiselExitException e)
        {
            scan.Session?.Sink.Flush();
            scan.ExitCode = e.Code;
        }
        catch (OutputClosedException)
        {
            scan.ExitCode = 0;
        }
        return scan;
    }

    static int Report(ChiselException e)
    {
        Console.Error.WriteLine(e.Message);
        return 1;
    }

    void Run(IReadOnlyList<string> words, Func<string, bool> takesValue)
    {
        for (int i = 0; i < words.Count && ExitCode == null; i++)
        {
            var word = words[i];
            if (word == "--") return;
            if (word.Length < 2 || word[0] != '-') continue;
            var option = word;
            string? value = null;
            int equals = word.IndexOf('=');
            if (word.StartsWith("--") && equals > 0)
            {
                option = word[..equals];
                value = word[(equals + 1)..];
            }
            else if ((IsChiselOption(option) || takesValue(option)) && i + 1 < words.Count)
            {
                value = words[++i];
            }
            switch (option)
            {
                case "-c" or "--chisel" when value == "l":
                case "--list-chisels":
                    Print(o => ChiselListing.List(o, ChiselCatalog.List(OpenSession())));
                    break;
                case "-c" or "--chisel" when value != null:
                    Load(value, words, i + 1);
                    break;
                case "-i" or "--chisel-info" when value != null:
                    ShowInfo(value);
                    break;
                case "--install-plugin" when value != null:
                    if (!RuntimeCompilation.IsSupported) throw new RuntimeHandoverException("installing a plugin");
                    var installed = Plugins.PluginInstaller.Install(value, Sources(words));
                    Print(o => o.Append(installed).Append((byte)'\n'));
                    break;
                case "--uninstall-plugin" when value != null:
                    Print(o => o.Append(Plugins.PluginInstaller.Uninstall(value)).Append((byte)'\n'));
                    break;
            }
        }
    }

    static bool IsChiselOption(string option) =>
        option is "-c" or "--chisel" or "-i" or "--chisel-info" or "--install-plugin" or "--uninstall-plugin" or "--plugin-source";

    /// <summary>The feeds --install-plugin fetches from: every --plugin-source given (a folder or a NuGet v3 URL).</summary>
    static List<string> Sources(IReadOnlyList<string> words)
    {
        var sources = new List<string>();
        for (int i = 0; i < words.Count; i++)
        {
            if (words[i] == "--plugin-source" && i + 1 < words.Count) sources.Add(words[++i]);
            else if (words[i].StartsWith("--plugin-source=", StringComparison.Ordinal)) sources.Add(words[i]["--plugin-source=".Length..]);
        }
        return sources;
    }

    void Load(string name, IReadOnlyList<string> words, int next)
    {
        var chisel = OpenSession().Add(name);
        var info = chisel.Info;
        if (info.Arguments.Count == 0) return;
        if (next >= words.Count)
        {
            if (info.RequiredCount != 0) throw new ChiselException($"missing arguments for chisel {name}");
            return;
        }
        var args = words[next];
        bool take = info.RequiredCount != 0
            || (args.Length > 0 && args[0] != '-'
                && ((info.Arguments.Count == 1 && info.Arguments[0].Type == "filter") || !ChiselFilter.IsValid(string.Join(' ', words.Skip(next)))));
        if (!take) return;
        chisel.SetArguments(args);
        ArgumentWords++;
    }

    void ShowInfo(string name)
    {
        var info = ChiselCatalog.List(OpenSession()).FirstOrDefault(c => c.Name == name)
            ?? throw new ChiselException($"chisel {name} not found - use -cl to list them.");
        Print(o => ChiselListing.Info(o, info));
    }

    ChiselSession OpenSession() => Session ??= new ChiselSession(ChiselSearchPath.Default, StandardOutput.Open());

    /// <summary>Prints a listing after anything the chisels loaded so far printed, and ends the run.</summary>
    void Print(Action<TextBuffer> write)
    {
        var sink = OpenSession().Sink;
        write(sink.Buffer);
        sink.Flush();
        ExitCode = 0;
    }

    /// <summary>
    /// The words of a second run's command line (sysdig.run_app), split as sysdig splits them: at spaces
    /// outside double quotes, quotes dropped (except, as in sysdig, from the last word).
    /// </summary>
    public static string[] SplitNextRun(string line)
    {
        var words = new List<string>();
        int start = 0;
        bool inQuote = false;
        for (int j = 0; j < line.Length; j++)
        {
            if (line[j] == '"') inQuote = !inQuote;
            else if (line[j] == ' ' && !inQuote)
            {
                words.Add(line[start..j].Replace("\"", ""));
                start = j + 1;
            }
        }
        words.Add(line[start..]);
        return words.ToArray();
    }
}
