using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Text;

namespace Sharpdig.Output;

/// <summary>A growable UTF-8 byte buffer that renders numbers and text without allocating.</summary>
public sealed class TextBuffer
{
    byte[] data;
    int length;

    public TextBuffer(int capacity = 256) => data = new byte[capacity];

    public int Length
    {
        get => length;
        set => length = value;
    }

    public ReadOnlySpan<byte> Span => data.AsSpan(0, length);
    public byte[] RawArray => data;

    public void Clear() => length = 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    Span<byte> Reserve(int count)
    {
        if (length + count > data.Length) Grow(count);
        return data.AsSpan(length);
    }

    void Grow(int count) => Array.Resize(ref data, Math.Max(data.Length * 2, length + count));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TextBuffer Append(byte b)
    {
        if (length == data.Length) Grow(1);
        data[length++] = b;
        return this;
    }

    public TextBuffer Append(char c) => c < 0x80 ? Append((byte)c) : Append(c.ToString());

    public TextBuffer Append(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Reserve(bytes.Length));
        length += bytes.Length;
        return this;
    }

    public TextBuffer Append(string? s) => Append(s.AsSpan());

    /// <summary>Appends text, encoded as UTF-8 straight into the buffer.</summary>
    public TextBuffer Append(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty) return this;
        var to = Reserve(Encoding.UTF8.GetMaxByteCount(text.Length));
        // Short ASCII text (names, colors: most of what is written) is stored without the encoder's
        // set-up; longer text, or from the first other character on, goes through the encoder.
        int ascii = 0;
        if (text.Length <= 32)
            while (ascii < text.Length && text[ascii] < 0x80)
            {
                to[ascii] = (byte)text[ascii];
                ascii++;
            }
        length += ascii == text.Length ? ascii : ascii + Encoding.UTF8.GetBytes(text[ascii..], to[ascii..]);
        return this;
    }

    /// <summary>Room for at least <paramref name="count"/> more bytes, to be written and then counted with <see cref="Advance"/>.</summary>
    public Span<byte> GetSpan(int count) => Reserve(count);

    public void Advance(int count) => length += count;

    public TextBuffer Append(long value)
    {
        Utf8Formatter.TryFormat(value, Reserve(20), out int n);
        length += n;
        return this;
    }

    public TextBuffer Append(ulong value)
    {
        Utf8Formatter.TryFormat(value, Reserve(20), out int n);
        length += n;
        return this;
    }

    /// <summary>Uppercase hex without prefix, as printf's %X.</summary>
    public TextBuffer AppendHex(ulong value, bool upper = true)
    {
        Utf8Formatter.TryFormat(value, Reserve(16), out int n, new System.Buffers.StandardFormat(upper ? 'X' : 'x'));
        length += n;
        return this;
    }

    /// <summary>Octal with a leading 0 for non-zero values, as printf's %#o.</summary>
    public TextBuffer AppendOctalAlt(ulong value)
    {
        if (value == 0) return Append((byte)'0');
        Span<byte> tmp = stackalloc byte[24];
        int i = tmp.Length;
        while (value != 0) { tmp[--i] = (byte)('0' + (value & 7)); value >>= 3; }
        tmp[--i] = (byte)'0';
        return Append(tmp[i..]);
    }

    /// <summary>Zero-padded decimal of at least <paramref name="width"/> digits.</summary>
    public TextBuffer AppendPadded(ulong value, int width)
    {
        Utf8Formatter.TryFormat(value, Reserve(Math.Max(20, width)), out int n, new System.Buffers.StandardFormat('D', (byte)width));
        length += n;
        return this;
    }

    public TextBuffer AppendDouble(double value, string format)
    {
        return Append(value.ToString(format, System.Globalization.CultureInfo.InvariantCulture));
    }

    public override string ToString() => Encoding.UTF8.GetString(Span);
}
