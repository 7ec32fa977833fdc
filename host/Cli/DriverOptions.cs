using System.CommandLine;

namespace Sharpdig.Cli;

/// <summary>
/// sysdig's options for its capture driver and container runtimes (-B, --cri, --cri-timeout,
/// --large-environment, -T, --page-faults). Reading a capture file, sysdig accepts and ignores them, and
/// so does sharpdig; live, sharpdig says which of them its driver does not do.
/// </summary>
public sealed class DriverOptions
{
    /// <summary>-B/--bpf: null when not given, empty without a probe path.</summary>
    public string? BpfProbe { get; init; }
    public string? Cri { get; init; }
    public long? CriTimeout { get; init; }
    public bool LargeEnvironment { get; init; }
    public bool ForceTracers { get; init; }
    public bool PageFaults { get; init; }

    /// <summary>The first option given that a live capture cannot honour, or null. -B alone asks for eBPF, which sharpdig always uses.</summary>
    public string? NotDoneLive() =>
        !string.IsNullOrEmpty(BpfProbe) ? "-B with a probe (sharpdig loads its own eBPF driver)"
        : Cri != null || CriTimeout != null ? "--cri (container metadata comes from cgroups only)"
        : LargeEnvironment ? "--large-environment"
        : ForceTracers ? "-T"
        : PageFaults ? "--page-faults"
        : null;

    /// <summary>
    /// getopt takes -B's probe only when attached (-B/path, --bpf=/path), never from the next word, which the
    /// parser would take: the probe goes to an option of its own, and -B alone becomes a plain flag.
    /// </summary>
    public static string? BpfWord(string word)
    {
        string? probe = word.StartsWith("--bpf=") ? word[6..] : word.StartsWith("-B") ? word[2..] : word == "--bpf" ? "" : null;
        return probe == null ? null : probe.Length == 0 ? "--bpf" : ProbeOption + "=" + probe;
    }

    const string ProbeOption = "--bpf-probe";

    /// <summary>Adds the options to the command and returns how to read them back from a parse.</summary>
    public static Func<ParseResult, DriverOptions> AddTo(Command root)
    {
        var bpf = new Option<bool>("--bpf", "-B") { Description = "Accepted as sysdig accepts it: live capture always goes through sharpdig's eBPF driver." };
        var probe = new Option<string>(ProbeOption) { Hidden = true };
        var cri = new Option<string>("--cri") { Description = "Ignored reading a file, as sysdig ignores it; live capture does not query container runtimes." };
        // a string, checked here: sysdig refuses a value that is not a whole number in words of its own
        var criTimeout = new Option<string>("--cri-timeout") { Description = "As --cri." };
        var largeEnvironment = new Option<bool>("--large-environment") { Description = "Ignored reading a file, as sysdig ignores it; not done live." };
        var tracers = new Option<bool>("-T", "--force-tracers-capture") { Description = "Ignored reading a file, as sysdig ignores it; not done live." };
        var pageFaults = new Option<bool>("--page-faults") { Description = "Ignored reading a file, as sysdig ignores it; not captured live." };
        foreach (var o in new Option[] { bpf, probe, cri, criTimeout, largeEnvironment, tracers, pageFaults })
            root.Options.Add(o);
        return r => new DriverOptions
        {
            BpfProbe = r.GetValue(probe) ?? (r.GetValue(bpf) ? "" : null),
            Cri = r.GetValue(cri),
            CriTimeout = r.GetValue(criTimeout) is { } ms
                ? long.TryParse(ms, out long value) ? value : throw new OptionsRefusedException($"{ms} is not a valid number", 1)
                : null,
            LargeEnvironment = r.GetValue(largeEnvironment),
            ForceTracers = r.GetValue(tracers),
            PageFaults = r.GetValue(pageFaults),
        };
    }
}
