using System.Runtime.InteropServices;
using Sharpdig.Driver;
using Sharpdig.Driver.Capture;
using Sharpdig.Driver.Snapshot;

namespace Sharpdig.Cli;

/// <summary>
/// The -w file, or the ring of files that -C/-W/-G/-e ask for, named as sysdig's cycle writer names
/// them: -G appends the file index (or fills a strftime pattern), -C a zero-padded index as wide as -W,
/// -e a plain index; -W wraps the index so the oldest file is overwritten.
/// </summary>
public sealed class CaptureRotation : IDisposable
{
    readonly CaptureOptions options;
    readonly Func<SystemSnapshot> currentState;
    readonly string[]? pastNames;
    CaptureWriter writer;
    int fileIndex;
    long eventsInFile;
    ulong fileStartSecond;

    public long EventsWritten { get; private set; }

    /// <param name="currentState">The state at the moment a new file starts (each file stands alone).</param>
    public CaptureRotation(CaptureOptions options, SystemSnapshot initial, Func<SystemSnapshot> currentState)
    {
        this.options = options;
        this.currentState = currentState;
        if (options.RotateSeconds > 0 && options.FileLimit > 0) pastNames = new string[options.FileLimit];
        writer = CaptureWriter.Create(NextName(DateTime.Now), options.Compress, initial);
    }

    public void Write(in RawEvent e, ulong timestamp)
    {
        if (options.Rotates && ShouldRotate(timestamp))
        {
            writer.Dispose();
            writer = CaptureWriter.Create(NextName(DateTimeOffset.FromUnixTimeSeconds((long)fileStartSecond).LocalDateTime),
                options.Compress, currentState());
        }
        writer.Write(e);
        EventsWritten++;
    }

    bool ShouldRotate(ulong timestamp)
    {
        eventsInFile++;   // counted before the checks, as sysdig does: the first file gets one event fewer
        ulong second = timestamp / 1_000_000_000;
        if (options.RotateSeconds > 0)
        {
            if (fileStartSecond == 0) fileStartSecond = second;
            if ((long)(second - fileStartSecond) >= options.RotateSeconds)
            {
                fileStartSecond = second;
                return true;
            }
        }
        if (options.RolloverMb > 0 && writer.Offset > options.RolloverMb * 1_000_000L) return true;
        if (options.EventsPerFile > 0 && eventsInFile >= options.EventsPerFile)
        {
            eventsInFile = 0;
            return true;
        }
        return false;
    }

    string NextName(DateTime time)
    {
        if (options.FileLimit > 0 && fileIndex >= options.FileLimit) fileIndex = 0;
        string baseName = options.WriteFile!;
        string name = baseName;
        if (options.RotateSeconds > 0)
        {
            if (baseName.Contains('%'))
            {
                name = StrFTime(baseName, time);
                if (pastNames != null)
                {
                    if (!string.IsNullOrEmpty(pastNames[fileIndex]) && pastNames[fileIndex] != name) File.Delete(pastNames[fileIndex]);
                    pastNames[fileIndex] = name;
                }
            }
            else name = baseName + fileIndex;
        }
        if (options.RolloverMb > 0)
            name += options.FileLimit > 0 ? fileIndex.ToString("D" + options.FileLimit.ToString().Length) : fileIndex.ToString();
        if (options.EventsPerFile > 0) name = baseName + fileIndex;
        fileIndex++;
        return name;
    }

    [DllImport("libc", EntryPoint = "strftime")]
    static extern nuint NativeStrftime(byte[] buffer, nuint size, byte[] format, ref Tm time);

    [StructLayout(LayoutKind.Sequential)]
    struct Tm
    {
        public int Sec, Min, Hour, MDay, Mon, Year, WDay, YDay, IsDst;
        public long GmtOff;
        public nint Zone;
    }

    /// <summary>The C library's strftime, so every conversion sysdig accepts works the same.</summary>
    static string StrFTime(string pattern, DateTime t)
    {
        var tm = new Tm
        {
            Sec = t.Second, Min = t.Minute, Hour = t.Hour, MDay = t.Day, Mon = t.Month - 1, Year = t.Year - 1900,
            WDay = (int)t.DayOfWeek, YDay = t.DayOfYear - 1, IsDst = -1,
        };
        var buffer = new byte[4096];
        var format = System.Text.Encoding.UTF8.GetBytes(pattern + "\0");
        int n = (int)NativeStrftime(buffer, (nuint)buffer.Length, format, ref tm);
        return System.Text.Encoding.UTF8.GetString(buffer, 0, n);
    }

    public void Dispose() => writer.Dispose();
}
