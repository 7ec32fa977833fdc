using System.Text;
using Sharpdig.Output;

namespace Sharpdig.Tests.Output;

/// <summary>Text appended to the output buffer is its UTF-8, whichever way it is encoded (short ASCII is stored directly).</summary>
public sealed class TextBufferTests
{
    [Theory]
    [InlineData("")]
    [InlineData("\u001b[31m")]
    [InlineData("nginx")]
    [InlineData("héllo")]
    [InlineData("ascii first, then ü")]
    [InlineData("32 characters exactly: 12345678")]
    [InlineData("more than thirty-two characters of plain ASCII text")]
    [InlineData("emoji \U0001F600 in the middle")]
    [InlineData("日本語")]
    public void TextIsAppendedAsUtf8(string text)
    {
        var o = new TextBuffer(1);
        o.Append("before:").Append(text).Append(text.AsSpan());
        Assert.Equal(Encoding.UTF8.GetBytes("before:" + text + text), o.Span.ToArray());
    }
}
