using System.Globalization;
using System.Text;

namespace Sharpdig.Sdk;

/// <summary>
/// Where a chisel prints: sharpdig's buffered standard output, shared in order with the events it prints.
/// Writing numbers and spans allocates nothing.
/// </summary>
public abstract class ChiselOutput
{
    /// <summary>Appends UTF-8 bytes as they are.</summary>
    public abstract void Write(ReadOnlySpan<byte> utf8);

    /// <summary>Appends text (encoded as UTF-8).</summary>
    public virtual void Write(ReadOnlySpan<char> text)
    {
        Span<byte> bytes = text.Length <= 256 ? stackalloc byte[text.Length * 3] : new byte[Encoding.UTF8.GetMaxByteCount(text.Length)];
        Write(bytes[..Encoding.UTF8.GetBytes(text, bytes)]);
    }

    /// <summary>Appends text; nothing for null.</summary>
    public void Write(string? text) => Write(text.AsSpan());

    /// <summary>Appends one character.</summary>
    public void Write(char c) => Write([c]);

    /// <summary>Appends a number in decimal.</summary>
    public void Write(long value) => WriteFormatted(value, default);

    /// <summary>Appends a number in decimal.</summary>
    public void Write(ulong value) => WriteFormatted(value, default);

    /// <summary>Appends a number with a .NET numeric format (<paramref name="format"/>, e.g. "F2"), invariant culture.</summary>
    public void Write(double value, ReadOnlySpan<char> format) => WriteFormatted(value, format);

    /// <summary>Appends a field's value as sharpdig prints it; false (nothing written) when the current event has none.</summary>
    public bool Write(Field field)
    {
        if (!field.TryGetText(out var text)) return false;
        Write(text);
        return true;
    }

    /// <summary>Ends the line.</summary>
    public void WriteLine() => Write("\n"u8);

    /// <summary>Appends text and ends the line.</summary>
    public void WriteLine(ReadOnlySpan<char> text)
    {
        Write(text);
        WriteLine();
    }

    /// <summary>Appends text and ends the line.</summary>
    public void WriteLine(string? text) => WriteLine(text.AsSpan());

    /// <summary>Appends UTF-8 bytes and ends the line.</summary>
    public void WriteLine(ReadOnlySpan<byte> utf8)
    {
        Write(utf8);
        WriteLine();
    }

    /// <summary>
    /// Appends text in a column of <paramref name="width"/> bytes, as sysdig's chisels lay out columns:
    /// shorter text is padded with spaces; longer text is cut to width-1 bytes and one space.
    /// </summary>
    public void WritePadded(ReadOnlySpan<byte> utf8, int width)
    {
        if (utf8.Length < width)
        {
            Write(utf8);
            WriteSpaces(width - utf8.Length);
        }
        else if (width > 0)
        {
            Write(utf8[..(width - 1)]);
            Write(" "u8);
        }
    }

    /// <summary>As <see cref="WritePadded(ReadOnlySpan{byte}, int)"/>, for text.</summary>
    public void WritePadded(ReadOnlySpan<char> text, int width)
    {
        Span<byte> bytes = text.Length <= 256 ? stackalloc byte[text.Length * 3] : new byte[Encoding.UTF8.GetMaxByteCount(text.Length)];
        WritePadded(bytes[..Encoding.UTF8.GetBytes(text, bytes)], width);
    }

    /// <summary>Appends <paramref name="count"/> spaces.</summary>
    public void WriteSpaces(int count)
    {
        ReadOnlySpan<byte> spaces = "                                "u8;
        for (; count > 0; count -= spaces.Length) Write(spaces[..Math.Min(count, spaces.Length)]);
    }

    void WriteFormatted<T>(T value, ReadOnlySpan<char> format) where T : ISpanFormattable
    {
        Span<char> text = stackalloc char[64];
        if (value.TryFormat(text, out int written, format, CultureInfo.InvariantCulture)) Write(text[..written]);
        else Write(value.ToString(format.ToString(), CultureInfo.InvariantCulture));
    }
}
