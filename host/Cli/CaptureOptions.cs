using System.CommandLine;

namespace Sharpdig.Cli;

/// <summary>The capture options: writing (-w, -z, rotation with -C/-W/-G/-e, -q) and live limits (-M).</summary>
public sealed class CaptureOptions
{
    public string? WriteFile { get; set; }
    public bool Compress { get; set; }
    /// <summary>-C: start a new file past this many millions of bytes (0: off).</summary>
    public int RolloverMb { get; set; }
    /// <summary>-W: at most this many files, reused in a ring (0: no limit).</summary>
    public int FileLimit { get; set; }
    /// <summary>-G: start a new file every this many seconds (0: off).</summary>
    public int RotateSeconds { get; set; }
    /// <summary>-e: start a new file every this many events (0: off).</summary>
    public long EventsPerFile { get; set; }
    /// <summary>-q: print nothing while writing.</summary>
    public bool Quiet { get; set; }
    /// <summary>-M: stop after this many seconds (0: no limit).</summary>
    public int MaxSeconds { get; set; }

    public bool Rotates => RolloverMb > 0 || RotateSeconds > 0 || EventsPerFile > 0;

    /// <summary>Adds the options to the command and returns how to read them back from a parse.</summary>
    public static Func<ParseResult, CaptureOptions> AddTo(Command root)
    {
        var write = new Option<string>("-w", "--write") { Description = "Write the captured events to <writefile>." };
        var compress = new Option<bool>("-z", "--compress") { Description = "Compress the -w file with gzip." };
        var size = new Option<int>("-C", "--file-size") { Description = "Start a new -w file past <file_size> million bytes." };
        var limit = new Option<int>("-W", "--limit") { Description = "Keep at most <num> -w files, overwriting the oldest." };
        var seconds = new Option<int>("-G", "--seconds") { Description = "Start a new -w file every <num_seconds>." };
        var events = new Option<long>("-e", "--events") { Description = "Start a new -w file every <num_events>." };
        var quiet = new Option<bool>("-q", "--quiet") { Description = "Print nothing while writing with -w." };
        var duration = new Option<int>("-M") { Description = "Stop collecting after <num_seconds>." };
        foreach (var o in new Option[] { write, compress, size, limit, seconds, events, quiet, duration })
            root.Options.Add(o);
        return r => new CaptureOptions
        {
            WriteFile = r.GetValue(write),
            Compress = r.GetValue(compress),
            RolloverMb = r.GetValue(size),
            FileLimit = r.GetValue(limit),
            RotateSeconds = r.GetValue(seconds),
            EventsPerFile = r.GetValue(events),
            Quiet = r.GetValue(quiet),
            MaxSeconds = r.GetValue(duration),
        };
    }
}
