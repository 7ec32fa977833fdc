using Sharpdig.Output;

namespace Sharpdig.Fields;

/// <summary>Nanosecond intervals as sysdig's "human" fields print them: 1.10s, 150ms, 10.30ms, 15us, 7.69us, 85ns.</summary>
static class Durations
{
    public static void AppendHuman(TextBuffer o, ulong ns)
    {
        const ulong Second = 1_000_000_000, Milli = 1_000_000, Micro = 1_000;
        // sysdig prints through 32-bit unsigned conversions.
        if (ns >= Second) Fraction(o, (uint)(ns / Second), (uint)(ns % Second / 10_000_000), "s"u8);
        else if (ns >= Second / 100) o.Append((ulong)(uint)(ns / Milli)).Append("ms"u8);
        else if (ns >= Second / 1000) Fraction(o, (uint)(ns / Milli), (uint)(ns % Milli / 10_000), "ms"u8);
        else if (ns >= Second / 100_000) o.Append((ulong)(uint)(ns / Micro)).Append("us"u8);
        else if (ns >= Second / 1_000_000) Fraction(o, (uint)(ns / Micro), (uint)(ns % Micro / 10), "us"u8);
        else o.Append((ulong)(uint)ns).Append("ns"u8);
    }

    static void Fraction(TextBuffer o, uint whole, uint hundredths, ReadOnlySpan<byte> unit) =>
        o.Append((ulong)whole).Append((byte)'.').AppendPadded(hundredths, 2).Append(unit);
}
