using Sharpdig.Chisels;
using Sharpdig.Decode;
using Sharpdig.Driver;
using Sharpdig.Driver.Capture;
using Sharpdig.Driver.Live;
using Sharpdig.Engine;
using Sharpdig.Filter;
using Sharpdig.Format;
using Sharpdig.Output;

namespace Sharpdig.Cli;

/// <summary>Runs what the options ask for and turns failures into one line on stderr and an exit status.</summary>
public static class Runner
{
    public static int Run(string[] args)
    {
        int rc = RunOnce(args, out var next);
        // A chisel can ask for a second run with other arguments (sysdig.run_app); there is no third.
        return next != null ? RunOnce(ChiselCommandLine.SplitNextRun(next), out _) : rc;
    }

    static int RunOnce(string[] args, out string? nextRun)
    {
        nextRun = null;
        ChiselCommandLine chisels;
        try
        {
            chisels = ChiselCommandLine.Scan(CommandLine.Normalize(args).ToArray(), CommandLine.TakesValue);
        }
        catch (RuntimeHandoverException e)
        {
            return RuntimeHandover.Exec(args, e);
        }
        if (chisels.ExitCode is { } exit) return exit;
        Options o;
        try
        {
            o = CommandLine.Parse(args);
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"sharpdig: {e.Message}");
            Console.Error.WriteLine("Try 'sharpdig -h' for more information.");
            return 1;
        }
        catch (OptionsRefusedException e)
        {
            Console.Error.WriteLine(e.Message);
            return e.ExitCode;
        }
        if (o.MaxEvents == 0)
        {
            Console.Error.WriteLine("sharpdig: invalid event count 0");
            return 1;
        }
        if (o.Help) { Console.Out.Write(CommandLine.HelpText()); return 0; }
        if (o.Version) { Console.Out.WriteLine($"sharpdig version {CommandLine.VersionText}"); return 0; }
        o.Chisels = chisels.Session;
        o.FilterWords.RemoveRange(0, Math.Min(chisels.ArgumentWords, o.FilterWords.Count));
        if (!args.Contains("--") && o.FilterWords.FirstOrDefault(w => w.Length > 1 && w[0] == '-') is { } unknown)
        {
            // What getopt says of an option sysdig does not have.
            Console.Error.WriteLine(unknown.StartsWith("--") ? $"sharpdig: unrecognized option '{unknown}'" : $"sharpdig: invalid option -- '{unknown[1]}'");
            return 1;
        }
        int rc = Run(o);
        nextRun = o.Chisels?.NextRunArguments;
        return rc;
    }

    public static int Run(Options o)
    {
        Decode.Services.ResolvePorts = o.ResolvePorts;
        using var stdout = StandardOutput.Open();
        // Like stdio under sysdig: whole lines to a terminal (and with --unbuffered), big blocks otherwise.
        bool lineBuffered = o.Unbuffered || !Console.IsOutputRedirected;
        var sink = new OutputSink(stdout) { LineBuffered = lineBuffered };
        if (o.Chisels != null) o.Chisels.Sink.LineBuffered = lineBuffered;
        try
        {
            if (o.ListEvents) { Listings.Events(sink.Buffer); return 0; }
            if (o.ListMarkdown) { FieldListing.Markdown(sink.Buffer); return 0; }
            if (o.ListFields) { FieldListing.Text(sink.Buffer, o.Verbose); return 0; }
            var summary = o.Summary ? new EventSummary() : null;
            // sysdig shows the progress of writing a file it reads, too; one figure carries across the files.
            var progress = o.ReadFiles.Count > 0 && (o.Progress || o.Capture.WriteFile != null) ? new ProgressPrinter(Console.Error) : null;
            int rc = 0;
            // sysdig reads several -r files in turn, each from fresh state; chisels and the -S summary carry on.
            // A chisel's end_capture ends them all.
            foreach (var file in o.ReadFiles.DefaultIfEmpty())
            {
                o.ReadFile = file;
                rc = RunCapture(o, sink, summary, progress);
                if (rc != 0 || o.Chisels?.CaptureEndRequested == true) break;
            }
            summary?.Print(sink.Buffer);
            return rc;
        }
        catch (Exception e) when (e is LiveCaptureException or IOException)
        {
            sink.Flush();
            Console.Error.WriteLine($"sharpdig: {e.Message}");
            return 1;
        }
        catch (CaptureFormatException e)
        {
            sink.Flush();
            Console.Error.WriteLine($"sharpdig: {e.Message}");
            return 1;
        }
        catch (FilterException e)
        {
            sink.Flush();
            Console.Error.WriteLine($"sharpdig: {e.Describe()}");
            return 1;
        }
        catch (Format.FormatException e)
        {
            Console.Error.WriteLine(e.Message);
            return 1;
        }
        catch (Fields.FieldException e)
        {
            sink.Flush();
            Console.Error.WriteLine(e.Message);
            return 1;
        }
        catch (OutputClosedException)
        {
            return 0;
        }
        finally
        {
            try { sink.Flush(); } catch (OutputClosedException) { }
        }
    }

    /// <summary>One capture (a file, or live) through the chisels, the -w writer, or the event printer.</summary>
    static int RunCapture(Options o, OutputSink sink, EventSummary? summary, ProgressPrinter? progress)
    {
        if (o.Chisels is { } chisels)
            return chisels.Run(new ChiselRunSettings(o.Filter, o.MaxEvents ?? 0, BufferFormatOf(o),
                PrintContainer: o.PrintFormat is "c" or "container" or "k" or "kubernetes" or "m" or "mesos",
                IsLive: o.ReadFile == null, o.Debug, o.ReadFile,
                Finished: o.Verbose ? CaptureCommand.PrintStatistics : null, MaxDurationNs(o)), () => Open(o, progress));
        var formatter = new EventFormatter(EventFormatter.Expand(o.PrintFormat), o.Json);
        // sysdig compiles the filter before it opens the capture.
        var filter = string.IsNullOrEmpty(o.Filter) ? null : FilterCompiler.Compile(o.Filter);
        using var inspector = Open(o, progress);
        inspector.Filter = filter;
        if (o.Capture.WriteFile != null || o.Capture.Quiet) return CaptureCommand.Write(inspector, o, summary);
        long printed = PrintEvents(inspector, formatter, sink, o.MaxEvents ?? 0, MaxDurationNs(o), summary);
        if (o.Verbose)
        {
            sink.Flush();
            CaptureCommand.PrintStatistics(inspector, printed);
        }
        return 0;
    }

    /// <summary>-M reading a file counts in event time (live, a timer stops the capture).</summary>
    static ulong MaxDurationNs(Options o) => o.ReadFile != null ? (ulong)o.Capture.MaxSeconds * 1_000_000_000UL : 0;

    static Inspector Open(Options o, ProgressPrinter? progress)
    {
        var inspector = new Inspector(CaptureCommand.OpenSource(o))
        {
            MaxOutputLength = o.Verbose ? 0 : 80,
            BufferFormat = BufferFormatOf(o),
            TimeFormat = o.TimeFormat,
            FilterAfterParse = o.DisplayFilter,
            Debug = o.Debug,
            Progress = progress,
        };
        if (o.SuppressedComms.Count > 0)
        {
            inspector.Suppression = new CommSuppression(o.SuppressedComms);
            // live, as sysdig's /proc scan does; a file's process list does not count
            if (o.ReadFile == null) inspector.Suppression.Seed(inspector.Snapshot.Threads);
        }
        return inspector;
    }

    static BufferFormat BufferFormatOf(Options o) => o.Json
        ? (o.HexAscii ? BufferFormat.JsonHexAscii : o.Hex ? BufferFormat.JsonHex : o.Ascii ? BufferFormat.JsonAscii : o.Base64 ? BufferFormat.JsonBase64 : BufferFormat.Json)
        : (o.HexAscii ? BufferFormat.HexAscii : o.Hex ? BufferFormat.Hex : o.Ascii ? BufferFormat.Ascii : o.Base64 ? BufferFormat.Base64 : BufferFormat.Normal);

    /// <summary>Prints the events that pass the filter; returns how many passed.</summary>
    static long PrintEvents(Inspector inspector, EventFormatter formatter, OutputSink sink, long maxEvents, ulong maxDurationNs, EventSummary? summary)
    {
        var output = sink.Buffer;
        long counted = 0;
        var duration = new EventDuration(maxDurationNs);
        while (inspector.Next() is { } e)
        {
            if (e.FilteredOut) continue;
            if (duration.Ends(e)) break;
            counted++;
            summary?.Count(e);
            if (inspector.IsVisible(e) && formatter.Format(e, output))
            {
                output.Append((byte)'\n');
                inspector.PreviousShownTs = e.Timestamp;
                sink.MaybeFlush();
            }
            if (maxEvents > 0 && counted >= maxEvents) break;
        }
        return counted;
    }
}
