using Sharpdig.Driver.Events;
using Sharpdig.Filter;

namespace Sharpdig.Tests.Filter;

/// <summary>Operands parsed per field type, with sysdig's (C library's) quirks.</summary>
public sealed class FilterValueTests
{
    static FilterValue Parse(string text, ParamType type) => FilterValue.Parse(System.Text.Encoding.UTF8.GetBytes(text), type);

    [Theory]
    [InlineData("42", 42)]
    [InlineData("-1", -1)]
    [InlineData("+7", 7)]
    [InlineData(" \t5", 5)]
    [InlineData("99999999999999999999", long.MaxValue)]
    [InlineData("-99999999999999999999", long.MinValue)]
    public void SignedNumbersReadLikeSscanf(string text, long expected) => Assert.Equal(expected, Parse(text, ParamType.Int64).Int);

    [Theory]
    [InlineData("-1", ParamType.UInt32, 0xFFFFFFFFL)]
    [InlineData("4294967297", ParamType.UInt32, 1)]
    [InlineData("-1", ParamType.UInt64, -1)]
    [InlineData("70000", ParamType.Int16, 70000 - 65536)]
    [InlineData("300", ParamType.UInt8, 44)]
    public void NumbersAreCutToTheFieldsWidth(string text, ParamType type, long expected) => Assert.Equal(expected, Parse(text, type).Int);

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("0x10")]
    [InlineData("5 ")]
    [InlineData("1e3")]
    [InlineData("-")]
    public void NonDecimalNumbersAreRefused(string text) => Assert.Throws<FilterException>(() => Parse(text, ParamType.Int64));

    [Fact]
    public void PortsTakeNumbersAndServiceNames()
    {
        Assert.Equal(80, Parse("80", ParamType.Port).Int);
        Assert.Equal(0, Parse("", ParamType.Port).Int);
        Assert.Equal(99999 & 0xFFFF, Parse("99999", ParamType.Port).Int);
        if (File.Exists("/etc/services")) Assert.Equal(22, Parse("ssh", ParamType.Port).Int);
        Assert.Throws<FilterException>(() => Parse("+80", ParamType.Port));
        Assert.Throws<FilterException>(() => Parse("99999999999", ParamType.Port));
    }

    [Fact]
    public void BooleansAreTheWordsOnly()
    {
        Assert.Equal(1, Parse("true", ParamType.Bool).Int);
        Assert.Equal(0, Parse("false", ParamType.Bool).Int);
        Assert.Throws<FilterException>(() => Parse("1", ParamType.Bool));
        Assert.Throws<FilterException>(() => Parse("TRUE", ParamType.Bool));
    }

    [Fact]
    public void AddressesAreIpv4WhenDottedElseIpv6()
    {
        Assert.Equal(new byte[] { 10, 0, 0, 1 }, Parse("10.0.0.1", ParamType.IpAddr).Bytes[..4]);
        Assert.Equal(4, Parse("10.0.0.1", ParamType.IpAddr).AddressLength);
        var v6 = Parse("2001:db8::4", ParamType.IpAddr);
        Assert.Equal(16, v6.AddressLength);
        Assert.Equal(new byte[] { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4 }, v6.Bytes);
        Assert.Equal(16, Parse("::", ParamType.IpAddr).AddressLength);
        Assert.Equal(16, Parse("1:2:3:4:5:6:7::", ParamType.IpAddr).AddressLength);
        foreach (var bad in new[] { "1.2.3", "1.2.3.4.", "256.1.1.1", "01.2.3.4", "::ffff:1.2.3.4", "1::2::3", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7::8", "12345::", "g::" })
            Assert.Throws<FilterException>(() => Parse(bad, ParamType.IpAddr));
    }

    [Fact]
    public void Ipv4NetworksKeepAddressAndMask()
    {
        var net = Parse("192.168.0.0/16", ParamType.IpNet);
        Assert.Equal(new byte[] { 192, 168, 0, 0, 255, 255, 0, 0 }, net.Bytes[..8]);
        // The prefix length goes through an 8-bit parse, as in sysdig: /288 is /32.
        Assert.Equal(new byte[] { 255, 255, 255, 255 }, Parse("1.2.3.4/288", ParamType.IpNet).Bytes[4..8]);
        Assert.Throws<FilterException>(() => Parse("1.2.3.4", ParamType.IpNet));
        Assert.Throws<FilterException>(() => Parse("1.2.3.4/33", ParamType.IpNet));
        Assert.Throws<FilterException>(() => Parse("1.2.3.4/8/9", ParamType.IpNet));
    }

    [Fact]
    public void StringsStopAtNul() => Assert.Equal("ab", FilterValue.Parse([(byte)'a', (byte)'b', 0, (byte)'c'], ParamType.CharBuf).Text);

    [Fact]
    public void DoublesCannotBeCompared() => Assert.Throws<FilterException>(() => Parse("1", ParamType.Double));
}
