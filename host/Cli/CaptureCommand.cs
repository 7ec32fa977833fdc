using System.Diagnostics;
using System.Runtime.InteropServices;
using Sharpdig.Driver;
using Sharpdig.Driver.Capture;
using Sharpdig.Driver.Live;
using Sharpdig.Engine;

namespace Sharpdig.Cli;

/// <summary>
/// Where events come from (a file, or the live kernel when there is no -r) and writing them with -w.
/// Ctrl-C, SIGTERM and -M end a capture cleanly: the source stops, and the -w file is closed complete.
/// </summary>
public static partial class CaptureCommand
{
    static volatile bool stopRequested;
    static readonly List<PosixSignalRegistration> signals = new();
    static LiveEventSource? live;
    static readonly Stopwatch clock = new();
    static Timer? deadline;   // held here: an unreferenced timer may be collected before it fires

    /// <summary>Opens the source the options name. Live failures throw <see cref="LiveCaptureException"/>.</summary>
    public static IEventSource OpenSource(Options o)
    {
        clock.Start();
        if (o.ReadFile != null) return CaptureFileSource.Open(o.ReadFile);
        if (o.Driver.NotDoneLive() is { } option)
            throw new LiveCaptureException($"live capture: {option} is not supported");
        HandleStopSignals();
        live = LiveEventSource.Open(new LiveSettings
        {
            Snaplen = o.Snaplen ?? LiveSettings.DefaultSnaplen,
            ImportUsers = !o.ExcludeUsers,
        });
        if (stopRequested) live.Stop();   // a signal that came while the driver was loading
        if (o.Capture.MaxSeconds > 0)
            deadline = new Timer(_ => Stop(), null, TimeSpan.FromSeconds(o.Capture.MaxSeconds), Timeout.InfiniteTimeSpan);
        return live;
    }

    /// <summary>Ctrl-C and SIGTERM end the run cleanly instead of killing it (a plain file print run keeps the default).</summary>
    static void HandleStopSignals()
    {
        // A shell starts background jobs with SIGINT ignored, and .NET keeps an inherited SIG_IGN: back to the
        // default first, so that `kill -INT` ends a background capture as it ends sysdig's.
        ResetSignal(SigInt, SigDefault);
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM })
            signals.Add(PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true;
                Stop();
            }));
    }

    const int SigInt = 2;
    const nint SigDefault = 0;

    [LibraryImport("libc", EntryPoint = "signal")]
    private static partial nint ResetSignal(int signal, nint handler);

    static void Stop()
    {
        stopRequested = true;
        live?.Stop();
    }

    /// <summary>
    /// Whether a file run should end: a signal, or -M's time has passed by event time. A live source
    /// ends by itself once stopped, after handing out what the kernel had already captured.
    /// </summary>
    public static bool ShouldStop(Inspector inspector, Options o) =>
        (stopRequested && live == null) || (o.Capture.MaxSeconds > 0 && o.ReadFile != null && inspector.FirstEventTs != 0 &&
                          inspector.LastEventTs - inspector.FirstEventTs > (ulong)o.Capture.MaxSeconds * 1_000_000_000UL);

    /// <summary>-w: writes the events that pass the filter (-n counts written events); -q alone only consumes them. Both count them for -S.</summary>
    public static int Write(Inspector inspector, Options o, Format.EventSummary? summary)
    {
        if (live == null) HandleStopSignals();   // a file copy stops at the next event, leaving a complete file
        using var files = o.Capture.WriteFile == null ? null : new CaptureRotation(o.Capture, inspector.Snapshot, () => StateSnapshot.Of(inspector));
        if (files != null) inspector.ConsumedEvent = e => files.Write(e.Raw, e.Timestamp);
        long passed = 0;
        while (!ShouldStop(inspector, o) && inspector.Next() is { } e)
        {
            if (e.FilteredOut) continue;
            files?.Write(e.Raw, e.Timestamp);
            summary?.Count(e);
            if (++passed == o.MaxEvents) break;
        }
        files?.Dispose();
        if (o.Verbose) PrintStatistics(inspector, files?.EventsWritten ?? passed);
        return 0;
    }

    /// <summary>
    /// -v's closing lines, as sysdig prints them on stderr after a live or a file run (the driver counts are 0
    /// for a file), once the progress line has ended; <paramref name="captured"/> counts the events that passed the filter.
    /// </summary>
    public static void PrintStatistics(Inspector inspector, long captured)
    {
        inspector.EndProgress();
        double seconds = clock.Elapsed.TotalSeconds;
        var stats = live?.Statistics ?? default;
        Console.Error.Write(
            $"Driver Events:{stats.Events}\nDriver Drops:{stats.Drops}\nSuppressed by Comm:{inspector.Suppression?.Suppressed ?? 0}\n" +
            $"Elapsed time: {seconds:F3}, Captured Events: {captured}, {(seconds > 0 ? captured / seconds : 0):F2} eps\n");
    }
}
