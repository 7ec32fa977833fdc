using Sharpdig.Decode;
using Sharpdig.Output;

namespace Sharpdig.Tests.Decode;

/// <summary>
/// Names drop what is not printable ASCII, data buffers print it as '.'. Both are done 16 at a time, so
/// the cases put the unprintable characters before, inside and after 16-long stretches, against the
/// character-by-character rule.
/// </summary>
public sealed class PrintableTextTests
{
    static bool IsPrintable(int c) => c >= 0x20 && c < 0x7f;

    public static TheoryData<string> Names() =>
    [
        "", "/etc/passwd", "/var/log/nginx/access.log.2026-11-24", new string('a', 16), new string('b', 33),
        "tab\there", "/a/very/long/path/with\u0001a control/in the middle/of it", "ünïcode in the first sixteen",
        "/sixteen chars!!\u007f then more", "/stays clean up to here then \u0141 (its low byte is 'A')",
        "\u0000\u0001\u0002" + new string('x', 40) + "\u001f",
    ];

    [Theory]
    [MemberData(nameof(Names))]
    public void NamesKeepOnlyPrintableAscii(string name)
    {
        var o = new TextBuffer(4);
        Sanitizer.Append(o, name);
        var expected = name.Where(c => IsPrintable(c)).Select(c => (byte)c).ToArray();
        Assert.Equal(expected, o.Span.ToArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(80)]
    [InlineData(300)]
    public void DataPrintsUnprintableBytesAsDots(int length)
    {
        var data = Enumerable.Range(0, length).Select(i => (byte)(i * 37 + 11)).ToArray();   // every byte value in turn
        var o = new TextBuffer(4);
        BufferText.Append(o, data, BufferFormat.Normal);
        var expected = data.Select(b => IsPrintable(b) ? b : (byte)'.').ToArray();
        Assert.Equal(expected, o.Span.ToArray());
    }
}
