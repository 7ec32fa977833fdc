using Sharpdig.Chisels;
using Sharpdig.Chisels.Managed;
using Sharpdig.Decode;
using Sharpdig.Driver.Capture;
using Sharpdig.Engine;
using Sharpdig.Output;
using Sharpdig.Sdk;
using Sharpdig.Tests.Support;

namespace Sharpdig.Tests.Chisels;

/// <summary>
/// The SDK on its own and inside the host: numbers and tables printed as sysdig's Lua chisels print them,
/// argument parsing, and field reads that allocate nothing.
/// </summary>
public sealed class SdkTests
{
    /// <summary>tostring, common.lua's format_bytes and format_time_interval, and "%.2f", as sysdig 0.29.3's LuaJIT printed them.</summary>
    [Theory]
    [InlineData(0, "0", "0B", "0ns", "0.00")]
    [InlineData(512, "512", "512B", "512ns", "512.00")]
    [InlineData(1024, "1024", "1024B", "1.02us", "1024.00")]
    [InlineData(1152, "1152", "1.13KB", "1.15us", "1152.00")]
    [InlineData(999999, "999999", "976.56KB", "999us", "999999.00")]
    [InlineData(1048576, "1048576", "1024.00KB", "1.04ms", "1048576.00")]
    [InlineData(1048577, "1048577", "1.00M", "1.04ms", "1048577.00")]
    [InlineData(5000000000, "5000000000", "4.66G", "5.00s", "5000000000.00")]
    [InlineData(1500000000000, "1500000000000", "1.36T", "1500.00s", "1500000000000.00")]
    [InlineData(1125899906842625, "1.1258999068426e+15", "1.00P", "1125899.90s", "1125899906842625.00")]
    [InlineData(123.456, "123.456", "123B", "123ns", "123.46")]
    [InlineData(1e14, "1e+14", "90.95T", "100000.00s", "100000000000000.00")]
    [InlineData(99999999999999, "99999999999999", "90.95T", "99999.99s", "99999999999999.00")]
    [InlineData(123456789012345, "1.2345678901235e+14", "112.28T", "123456.78s", "123456789012345.00")]
    [InlineData(1.0 / 3, "0.33333333333333", "0B", "0ns", "0.33")]
    [InlineData(2.5e-5, "2.5e-05", "0B", "0ns", "0.00")]
    public void NumbersAreWrittenAsSysdigsLuaJitWritesThem(double value, string lua, string bytes, string time, string fixed2)
    {
        Assert.Equal(lua, NumberText.Lua(value));
        Assert.Equal(bytes, NumberText.Bytes(value));
        Assert.Equal(time, NumberText.TimeInterval(value));
        Assert.Equal(fixed2, NumberText.Fixed(value, 2));
        Span<byte> text = stackalloc byte[NumberText.MaxLength];
        Assert.Equal(bytes, System.Text.Encoding.ASCII.GetString(text[..NumberText.Bytes(value, text)]));
    }

    [Fact]
    public void PercentagesOfNothingAreZero()
    {
        Assert.Equal("25.00%", NumberText.Percent(1, 4));
        Assert.Equal("0.00%", NumberText.Percent(1, 0));
    }

    static Table ProcessTable(Units units = Units.None, int top = 0) =>
        new([new("proc.name", "Process"), new("proc.pid", "PID")], new("evt.count", "# Calls"), units, top);

    static void Add(Table table, string name, long pid, double value)
    {
        table.Key.Clear().Append(name).Append(pid);
        table.Add(value);
    }

    [Fact]
    public void TablesShowTheLargestValuesFirstTiesInArrivalOrderAtMostTop()
    {
        var table = ProcessTable(top: 3);
        Add(table, "a", 1, 5);
        Add(table, "b", 2, 7);
        Add(table, "a", 1, 4);
        Add(table, "c", 3, 7);
        Add(table, "d", 4, 1);
        Assert.Equal(4, table.Count);
        var rows = table.Sorted();
        Assert.Equal([["a", "1"], ["b", "2"], ["c", "3"]], rows.Select(r => r.Columns));
        Assert.Equal([9.0, 7, 7], rows.Select(r => r.Value));
    }

    [Fact]
    public void AddingToAKnownRowAllocatesNothing()
    {
        var table = ProcessTable();
        Add(table, "sshd", 42, 1);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++) Add(table, "sshd", 42, 1);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(table.TryGetValue(table.Key.Span, out double sum));
        Assert.Equal(1001, sum);
    }

    static string Render(Table table, bool json, ulong delta = 0)
    {
        var o = new TextBuffer();
        TableText.Print(o, table, 1_523_545_100_123_456_789, delta, json);
        return o.ToString();
    }

    [Fact]
    public void TablesPrintAsPrintSortedTableDoes()
    {
        var table = ProcessTable(Units.Bytes);
        Add(table, "a-process-name-longer-than-a-cell", 7, 2048);
        Add(table, "sshd", 1234567, 100);
        Assert.Equal(
            "# Calls             Process             PID                 \n" +
            new string('-', 80) + "\n" +
            "2.00KB              a-process-name-long 7\n" +
            "100B                sshd                1234567\n",
            Render(table, json: false));
    }

    [Fact]
    public void TimePercentagesAreOfTheTableSpan()
    {
        var table = new Table([new("proc.name", "Process")], new("thread.exectime", "CPU%"), Units.TimePercent);
        table.Add("x"u8, 250);
        Assert.EndsWith("25.00%              x\n", Render(table, json: false, delta: 1000));
    }

    [Fact]
    public void TablesPrintAsDkjsonEncodesThemWithJ()
    {
        var table = new Table([new("fd.name", "Name")], new("evt.rawarg.res", "Bytes"), Units.Bytes);
        table.Add("/tmp/\"q\"\n\u00ad"u8, 3);
        table.Add("1.5"u8, 0.5);
        Assert.Equal(
            "{\n  \"ts\":\"1523545100000000000\",\n  \"data\":[[\"/tmp/\\\"q\\\"\\n\\u00ad\",3],[\"1.5\",0.5]],\n" +
            "  \"info\":[{\n      \"name\":\"fd.name\",\n      \"desc\":\"Name\",\n      \"is_key\":true\n    },null,{\n" +
            "      \"name\":\"evt.rawarg.res\",\n      \"desc\":\"Bytes\",\n      \"is_key\":false\n    }]\n}\n",
            Render(table, json: true));
    }

    sealed class ArgumentChisel : Sdk.Chisel
    {
        public readonly ChiselArgument<int> Count;
        public readonly ChiselArgument<string?> Label;

        public ArgumentChisel()
        {
            Count = Argument<int>("count", "how many");
            Label = Argument<string?>("label", "a label", optional: true);
        }

        public override string Name => "args_test";
    }

    [Fact]
    public void ArgumentsParseTheirTypeAndNameTheChiselWhenTheyCannot()
    {
        var chisel = new ArgumentChisel();
        Assert.Equal(["int", "string"], chisel.Arguments.Select(a => a.TypeName));
        chisel.Count.Set("12");
        Assert.Equal(12, chisel.Count.Value);
        Assert.Null(chisel.Label.Value);
        var error = Assert.Throws<ChiselError>(() => chisel.Count.Set("twelve"));
        Assert.Contains("args_test", error.Message);
        Assert.Contains("count", error.Message);
        Assert.Contains("twelve", error.Message);
    }

    /// <summary>
    /// Reads a field of every kind on each event and counts the reads that allocate (after a warm-up), and
    /// the event types and threads seen: the engine may set up a cache on the first sight of either.
    /// </summary>
    sealed class AllocationProbe : Sdk.Chisel
    {
        readonly List<Sdk.Field> fields = new();
        readonly TableKey key = new();
        public long[] Allocated = [], AllocatingReads = [];
        public long Events, Values;
        public readonly HashSet<long> Firsts = new();

        public override string Name => "allocation_probe";

        public override void Initialize()
        {
            foreach (var name in (string[])["proc.name", "fd.name", "evt.type", "evt.rawarg.data", "fd.cip"]) fields.Add(Host.Text(name));
            fields.Add(Host.Int64("thread.tid"));
            fields.Add(Host.Int64("fd.num"));
            fields.Add(Host.UInt64("evt.latency"));
            fields.Add(Host.Double("thread.cpu"));
            fields.Add(Host.Double("evt.rawarg.res"));
            fields.Add(Host.Bool("evt.is_io_read"));
            Allocated = new long[fields.Count + 1];
            AllocatingReads = new long[fields.Count + 1];
        }

        /// <summary>The fields whose reads allocated, with the bytes.</summary>
        public string Report() => string.Join(", ", Enumerable.Range(0, Allocated.Length).Where(i => Allocated[i] != 0)
            .Select(i => $"{(i < fields.Count ? fields[i].Name : "the event header")}: {Allocated[i]} bytes in {AllocatingReads[i]} reads"));

        public override bool OnEvent(ChiselEvent e)
        {
            bool measured = ++Events > 100;
            Span<byte> number = stackalloc byte[NumberText.MaxLength];
            key.Clear();
            for (int i = 0; i < fields.Count; i++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                if (Read(fields[i], number) && fields[i].TryGetText(out _)) Values++;
                Count(i, GC.GetAllocatedBytesForCurrentThread() - before, measured);
            }
            long start = GC.GetAllocatedBytesForCurrentThread();
            int type = e.TypeId;
            long thread = e.ThreadId;
            _ = e.TypeName.Length + (long)e.Timestamp + e.Cpu;
            Count(fields.Count, GC.GetAllocatedBytesForCurrentThread() - start, measured);
            Firsts.Add(type);
            Firsts.Add(-1 - thread);
            return true;
        }

        void Count(int i, long bytes, bool measured)
        {
            if (!measured || bytes == 0) return;
            Allocated[i] += bytes;
            AllocatingReads[i]++;
        }

        bool Read(Sdk.Field field, Span<byte> number)
        {
            switch (field)
            {
                case TextField t:
                    if (!t.TryGet(out var bytes)) return false;
                    key.Append(bytes);
                    return true;
                case Int64Field i:
                    if (!i.TryGet(out long l)) return false;
                    key.Append(l);
                    return true;
                case UInt64Field u:
                    return u.TryGet(out ulong v) && NumberText.Lua(v, number) > 0;
                case DoubleField d:
                    return d.TryGet(out double x) && NumberText.Fixed(x, 2, number) > 0;
                case BoolField b:
                    return b.TryGet(out _);
                default:
                    return false;
            }
        }
    }

    [Fact]
    public void ReadingFieldsAllocatesNothingPerEvent()
    {
        var capture = Paths.RequireCapture("sysdig-inspect_502Error.scap");
        var session = new ChiselSession(ChiselSearchPath.Default, Stream.Null);
        var probe = new AllocationProbe();
        session.Add(new ManagedChisel(session, probe));
        var errors = new StringWriter();
        var stderr = Console.Error;
        Console.SetError(errors);
        int status;
        try
        {
            status = session.Run(new ChiselRunSettings(null, 0, BufferFormat.Normal, false, false, false, capture),
                () => new Inspector(CaptureFileSource.Open(capture)));
        }
        finally
        {
            Console.SetError(stderr);
        }
        Assert.True(status == 0, errors.ToString());
        Assert.True(probe.Events > 10_000 && probe.Values > 100_000, $"{probe.Events} events, {probe.Values} values read");
        Assert.True(probe.AllocatingReads.All(n => n <= probe.Firsts.Count), probe.Report() + $" ({probe.Firsts.Count} event types and threads)");
    }
}
