using Sharpdig.Filter;

namespace Sharpdig.Tests.Filter;

/// <summary>glob (fnmatch with no flags), icontains (ASCII case only) and pmatch (path components).</summary>
public sealed class TextMatchTests
{
    [Theory]
    [InlineData("*", "", true)]
    [InlineData("*", "/a/b", true)]
    [InlineData("/etc/*", "/etc/passwd", true)]
    [InlineData("/etc/*", "/etc/ssl/certs", true)]
    [InlineData("/etc/*", "/etcx", false)]
    [InlineData("h?p*", "haproxy", true)]
    [InlineData("h?p*", "hp", false)]
    [InlineData("[a-c]x", "bx", true)]
    [InlineData("[!a-c]x", "bx", false)]
    [InlineData("[^a-c]x", "dx", true)]
    [InlineData("[]]", "]", true)]
    [InlineData("[[:digit:]]*", "7up", true)]
    [InlineData("[abc", "[abc", true)]
    [InlineData("a\\*", "a*", true)]
    [InlineData("a\\*", "ab", false)]
    [InlineData("a\\", "a\\", false)]
    [InlineData("", "", true)]
    [InlineData("", "a", false)]
    public void GlobMatchesLikeFnmatch(string pattern, string text, bool expected) =>
        Assert.Equal(expected, TextMatch.Glob(pattern, text));

    [Theory]
    [InlineData("HAProxy", "proxy", true)]
    [InlineData("haproxy", "PROXY", true)]
    [InlineData("ÉTÉ", "été", false)]
    [InlineData("abc", "", true)]
    [InlineData("ab", "abc", false)]
    public void IContainsFoldsAsciiOnly(string text, string needle, bool expected) =>
        Assert.Equal(expected, TextMatch.ContainsIgnoreAsciiCase(text, needle));

    [Theory]
    [InlineData("/etc/passwd", true)]
    [InlineData("/etc", true)]
    [InlineData("//etc//x", true)]
    [InlineData("/etcfoo", false)]
    [InlineData("/usr/lib/x.so", true)]
    [InlineData("/usr/libexec", false)]
    [InlineData("/usr", false)]
    public void PMatchComparesWholeComponents(string path, bool expected) =>
        Assert.Equal(expected, TextMatch.PathPrefixes(["/etc", "/usr/lib/"])(path));
}
