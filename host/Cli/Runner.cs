using Sharpdig.Decode;
using Sharpdig.Driver;
using Sharpdig.Driver.Capture;
using Sharpdig.Driver.Live;
using Sharpdig.Engine;
using Sharpdig.Format;
using Sharpdig.Output;

namespace Sharpdig.Cli;

/// <summary>Runs what the options ask for and turns failures into one line on stderr and an exit status.</summary>
public static class Runner
{
    public static int Run(Options o)
    {
        using var stdout = Console.OpenStandardOutput();
        var sink = new OutputSink(stdout);
        try
        {
            if (o.ListEvents) { Listings.Events(sink.Buffer); return 0; }
            using var source = CaptureCommand.OpenSource(o);
            using var inspector = new Inspector(source)
            {
                MaxOutputLength = o.Verbose ? 0 : 80,
                BufferFormat = BufferFormatOf(o),
                TimeFormat = o.TimeFormat,
                FilterAfterParse = o.DisplayFilter,
                Debug = o.Debug,
            };
            if (o.Capture.WriteFile != null || o.Capture.Quiet) return CaptureCommand.Write(inspector, o);
            var formatter = new EventFormatter(o.PrintFormat ?? EventFormatter.Default);
            int status = PrintEvents(inspector, formatter, sink, o.MaxEvents);
            if (o.Verbose && o.ReadFile == null) CaptureCommand.PrintStatistics((long)inspector.EventsRead);
            return status;
        }
        catch (CaptureFormatException e)
        {
            sink.Flush();
            Console.Error.WriteLine($"sharpdig: {e.Message}");
            return 1;
        }
        catch (Exception e) when (e is LiveCaptureException or IOException)
        {
            sink.Flush();
            Console.Error.WriteLine($"sharpdig: {e.Message}");
            return 1;
        }
        catch (Format.FormatException e)
        {
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

    static BufferFormat BufferFormatOf(Options o) =>
        o.HexAscii ? BufferFormat.HexAscii : o.Hex ? BufferFormat.Hex : o.Ascii ? BufferFormat.Ascii : o.Base64 ? BufferFormat.Base64 : BufferFormat.Normal;

    static int PrintEvents(Inspector inspector, EventFormatter formatter, OutputSink sink, long maxEvents)
    {
        var output = sink.Buffer;
        long counted = 0;
        while (inspector.Next(out var e))
        {
            if (e.FilteredOut) continue;
            counted++;
            if (inspector.IsVisible(e) && formatter.Format(e, output))
            {
                output.Append((byte)'\n');
                inspector.PreviousShownTs = e.Timestamp;
                sink.MaybeFlush();
            }
            if (maxEvents > 0 && counted >= maxEvents) break;
        }
        return 0;
    }
}
