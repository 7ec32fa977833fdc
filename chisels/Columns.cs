using System.Text;
using Sharpdig.Sdk;

namespace Sharpdig.BuiltinChisels;

/// <summary>printf's string conversions as sysdig's chisels use them ("%-23.23s", "%12d"), over bytes.</summary>
static class Columns
{
    /// <summary>"%-W.Ms": at most <paramref name="max"/> bytes, left-aligned in <paramref name="width"/>.</summary>
    public static void WriteLeft(this ChiselOutput o, ReadOnlySpan<byte> text, int width, int max = int.MaxValue)
    {
        if (text.Length > max) text = text[..max];
        o.Write(text);
        o.WriteSpaces(width - text.Length);
    }

    /// <summary>"%-W.Ms" of text.</summary>
    public static void WriteLeft(this ChiselOutput o, string text, int width, int max = int.MaxValue) =>
        o.WriteLeft(Encoding.UTF8.GetBytes(text), width, max);

    /// <summary>"%Ws": right-aligned in <paramref name="width"/>.</summary>
    public static void WriteRight(this ChiselOutput o, string text, int width)
    {
        o.WriteSpaces(width - Encoding.UTF8.GetByteCount(text));
        o.Write(text);
    }

    /// <summary>A field's bytes for "%s"; its value is required, as string.format fails on nil.</summary>
    public static ReadOnlySpan<byte> Required(this TextField field, Chisel chisel)
    {
        if (field.TryGet(out var value)) return value;
        throw new ChiselError($"{chisel.Name} chisel error: bad argument to 'format' (string expected, got nil)");
    }
}
