using Sharpdig.Output;

namespace Sharpdig.Decode;

/// <summary>Timestamps as sysdig prints them, in local time (the TZ environment variable).</summary>
public static class TimeText
{
    static readonly TimeZoneInfo Zone = TimeZoneInfo.Local;

    /// <summary>"HH:MM:SS" with ".nnnnnnnnn" when <paramref name="nanoseconds"/>.</summary>
    public static void AppendClock(TextBuffer o, ulong ts, bool nanoseconds)
    {
        long seconds = (long)(ts / 1_000_000_000);
        long local = seconds + (long)Zone.GetUtcOffset(DateTimeOffset.FromUnixTimeSeconds(seconds)).TotalSeconds;
        long s = ((local % 86400) + 86400) % 86400;
        o.AppendPadded((ulong)(s / 3600), 2).Append((byte)':').AppendPadded((ulong)(s % 3600 / 60), 2)
         .Append((byte)':').AppendPadded((ulong)(s % 60), 2);
        if (nanoseconds) o.Append((byte)'.').AppendPadded(ts % 1_000_000_000, 9);
    }

    /// <summary>"YYYY-MM-DD " date prefix.</summary>
    public static void AppendDate(TextBuffer o, ulong ts)
    {
        long seconds = (long)(ts / 1_000_000_000);
        var t = DateTimeOffset.FromUnixTimeSeconds(seconds);
        var local = t.ToOffset(Zone.GetUtcOffset(t));
        o.Append(local.ToString("yyyy-MM-dd ", System.Globalization.CultureInfo.InvariantCulture));
    }
}
