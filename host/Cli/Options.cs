namespace Sharpdig.Cli;

/// <summary>What the command line asked for.</summary>
public sealed class Options
{
    /// <summary>-r, in the order given: sysdig reads them one after the other.</summary>
    public List<string> ReadFiles { get; } = new();
    /// <summary>The capture file being read now (null: live).</summary>
    public string? ReadFile { get; set; }
    /// <summary>-n: stop after this many events (null: no limit; sysdig refuses 0).</summary>
    public long? MaxEvents { get; set; }
    public bool Verbose { get; set; }
    public bool Ascii { get; set; }
    public bool HexAscii { get; set; }
    public bool Hex { get; set; }
    public bool Base64 { get; set; }
    public int? Snaplen { get; set; }
    public char TimeFormat { get; set; } = 'h';
    public string? PrintFormat { get; set; }
    public bool Json { get; set; }
    public bool Summary { get; set; }
    public bool ListEvents { get; set; }
    public bool ListFields { get; set; }
    public bool ListMarkdown { get; set; }
    public bool DisplayFilter { get; set; }
    public bool Debug { get; set; }
    /// <summary>-P: read progress on stderr (also on with -w while reading a file, as in sysdig).</summary>
    public bool Progress { get; set; }
    /// <summary>-E: live, users and groups are not read at start (nor written with -w).</summary>
    public bool ExcludeUsers { get; set; }
    /// <summary>-R: ports print as service names.</summary>
    public bool ResolvePorts { get; set; }
    /// <summary>--unbuffered: each line is written when complete.</summary>
    public bool Unbuffered { get; set; }
    public bool Help { get; set; }
    public bool Version { get; set; }
    /// <summary>-w and its rotation, -q, -M.</summary>
    public CaptureOptions Capture { get; set; } = new();
    /// <summary>-B, --cri, --page-faults and the other driver options.</summary>
    public DriverOptions Driver { get; set; } = new();
    /// <summary>The chisels -c named, loaded with their arguments; null for none.</summary>
    public Chisels.ChiselSession? Chisels { get; set; }
    public List<string> FilterWords { get; } = new();
    /// <summary>-U: processes whose events are dropped.</summary>
    public List<string> SuppressedComms { get; } = new();

    public string? Filter => FilterWords.Count == 0 ? null : string.Join(' ', FilterWords);
}

/// <summary>A command line that cannot be run; the message is shown with the usage hint.</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>Options sysdig refuses with a message of its own (no usage hint) and the given exit status.</summary>
public sealed class OptionsRefusedException(string message, int exitCode) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
