using Sharpdig.Filter;

namespace Sharpdig.Tests.Filter;

/// <summary>What sysdig 0.29.3 accepts and where it stops on what it refuses (positions as sysdig prints them).</summary>
public sealed class FilterSyntaxTests
{
    [Theory]
    [InlineData("proc.name=")]
    [InlineData("proc.name = curl")]
    [InlineData("proc.name=cu\"rl")]
    [InlineData("proc.name==curl")]                 // value "=curl"
    [InlineData("proc.name contains")]
    [InlineData("proc.name in ()")]
    [InlineData("proc.name in(a,b)")]
    [InlineData("proc.name in (a,b)and evt.num=1")]
    [InlineData("proc.name exists and evt.num<5")]
    [InlineData("not not proc.name=x")]
    [InlineData("not(proc.name=x)")]
    [InlineData("proc.name=x or(evt.num=1)")]
    [InlineData("evt.num<5 not evt.num=1")]
    [InlineData("proc.pid=-1")]
    [InlineData("proc.pid=' 5'")]
    [InlineData("proc.name=a\\x41")]
    [InlineData("proc.name=\"a\\q\"")]
    [InlineData("evt.type=syscall")]
    [InlineData("evt.type contains open")]
    [InlineData("evt.num\t=5")]
    public void Accepts(string filter) => FilterCompiler.Compile(filter);

    [Theory]
    [InlineData("proc.pid=", 9)]
    [InlineData("proc.pid=abc", 12)]
    [InlineData("proc.pid=0x10", 13)]
    [InlineData("proc.pid='5 '", 12)]
    [InlineData("(proc.name=curl", 16)]
    [InlineData("((proc.name=curl)", 17)]
    [InlineData("no.such.field=1", 2)]
    [InlineData("xyz.abc=1", 7)]
    [InlineData("proc.name2=1", 10)]
    [InlineData("proc.nameexists", 15)]
    [InlineData("evt.type in (open,read", 23)]
    [InlineData("proc.name in (curl", 19)]
    [InlineData("proc.name in curl", 13)]
    [InlineData("proc.name intersects (a)", 12)]
    [InlineData("proc.name bcontains 41", 10)]
    [InlineData("proc.name foo bar", 10)]
    [InlineData("proc.name=curl garbage", 15)]
    [InlineData("proc.name existsfoo", 16)]
    [InlineData("proc.name in (a,b)x", 18)]
    [InlineData("proc.name=a)b", 12)]
    [InlineData("proc.name=curl)", 15)]
    [InlineData("proc.name=a(b", 11)]
    [InlineData("proc.name=\"curl", 15)]
    [InlineData("proc.name=\"a\\x4\"", 15)]
    [InlineData("proc.name=\"a\\x4g\"", 16)]
    [InlineData("proc.name=curl and", 18)]
    [InlineData("proc.name=x xor y", 12)]
    [InlineData("proc.name=x an y", 15)]
    [InlineData("not", 3)]
    [InlineData("and", 3)]
    [InlineData(" ", 1)]
    [InlineData("evt.type=foo", 12)]
    [InlineData("evt.type in (open, foo)", 21)]
    [InlineData("evt.type glob op*", 17)]
    [InlineData("proc.pid in ()", 12)]
    [InlineData("proc.pid in (1 2)", 15)]
    [InlineData("proc.pid in (1,abc)", 17)]
    [InlineData("proc.pid pmatch (1)", 17)]
    [InlineData("evt.num<5 or evt.num<8 and evt.num>100", 39)]
    [InlineData("(evt.num<5 or evt.num<8 and evt.num>100)", 39)]
    [InlineData("evt.num<5 not evt.num=1 or evt.num=8", 37)]
    [InlineData("evt.failed=yes", 14)]
    [InlineData("evt.failed=1", 12)]
    [InlineData("fd.port=abc", 11)]
    [InlineData("fd.port=+80", 11)]
    [InlineData("fd.net=10.0.0.0", 15)]
    [InlineData("fd.net=10.0.0.0/33", 18)]
    [InlineData("fd.net=1.2.3.4/", 15)]
    [InlineData("fd.net=::1/64", 13)]
    [InlineData("fd.ip=abc", 9)]
    [InlineData("fd.ip=1.2.3", 11)]
    [InlineData("fd.ip=01.2.3.4", 14)]
    [InlineData("fd.ip=1::2::3", 13)]
    [InlineData("fd.ip=", 6)]
    [InlineData("thread.cpu>1", 12)]
    public void RefusesAtSysdigsPosition(string filter, int position)
    {
        var e = Assert.Throws<FilterException>(() => FilterCompiler.Compile(filter));
        Assert.Equal(position, e.Position);
    }

    [Fact]
    public void StringOperandsAreLimitedTo255Bytes()
    {
        FilterCompiler.Compile("proc.name=" + new string('a', 255));
        Assert.Throws<FilterException>(() => FilterCompiler.Compile("proc.name=" + new string('a', 256)));
    }

    [Theory]
    [InlineData("proc.name=curl) and evt.num=1")]   // sysdig crashes on these
    [InlineData("proc.name=curl) and (evt.num=1")]
    [InlineData("proc.name=curl))")]
    public void UnbalancedCloseIsAnError(string filter) =>
        Assert.Throws<FilterException>(() => FilterCompiler.Compile(filter));

    [Fact]
    public void GroupsAndCarriedOperatorsAreKeptAsSysdigScansThem()
    {
        var g = FilterParser.Parse("not proc.pid=1 and (evt.num=1 or evt.num=2)");
        Assert.Equal([BoolOp.Not, BoolOp.And], g.Items.Select(i => i.Join));
        var inner = Assert.IsType<FilterGroup>(g.Items[1]);
        Assert.Equal([BoolOp.None, BoolOp.Or], inner.Items.Select(i => i.Join));
        // The operator last seen inside the brackets carries over: "not" after them means "or not".
        g = FilterParser.Parse("(evt.num=1 or evt.num=2) not evt.num=3");
        Assert.Equal([BoolOp.None, BoolOp.Or | BoolOp.Not], g.Items.Select(i => i.Join));
        // ...which can make a group mix "and" and "or".
        Assert.Throws<FilterException>(() => FilterParser.Parse("proc.pid=1 and (evt.num=1 or evt.num=2) not evt.num=3"));
    }

    [Fact]
    public void QuotesAndEscapesShapeTheOperand()
    {
        var check = Assert.IsType<FilterCheck>(FilterParser.Parse("proc.name='a b\\\"c\\x41\\\\'").Items[0]);
        Assert.Equal("a b\"cA\\", check.Values[0].Text);
        check = Assert.IsType<FilterCheck>(FilterParser.Parse("proc.name in ( x ,'y z',w)").Items[0]);
        Assert.Equal(["x", "y z", "w"], check.Values.Select(v => v.Text));
    }
}
