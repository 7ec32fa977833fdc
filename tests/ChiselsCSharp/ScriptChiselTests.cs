using Sharpdig.Tests.Support;

namespace Sharpdig.Tests.ChiselsCSharp;

/// <summary>
/// C# script chisels (.csx) run by the sharpdig executable: the samples run on a shared capture, a
/// compiled script is cached (the second run starts about as fast as a run without a chisel), and compile
/// errors, unknown fields and crashes end in clear messages.
/// </summary>
public sealed class ScriptChiselTests : IDisposable
{
    const string Capture = "sysdig-inspect_502Error.scap";
    readonly string dir = Directory.CreateTempSubdirectory("sharpdig-csx").FullName;

    public void Dispose() => Directory.Delete(dir, true);

    Dictionary<string, string> Environment => new() { ["SHARPDIG_CACHE_DIR"] = Path.Combine(dir, "cache") };

    Run.Result Sharpdig(params string[] args) =>
        Run.Program(Paths.RequireSharpdig(), ["-r", Paths.RequireCapture(Capture), .. args], environment: Environment);

    string Write(string name, string body)
    {
        var path = Path.Combine(dir, name + ".csx");
        File.WriteAllText(path, body);
        return path;
    }

    public static TheoryData<string> Samples() =>
        new(Directory.GetFiles(Path.Combine(Paths.RepoRoot, "chisel-samples"), "*.csx").Select(Path.GetFileName)!);

    [Theory]
    [MemberData(nameof(Samples))]
    public void EverySampleScriptRunsOnASharedCapture(string sample)
    {
        var r = Sharpdig("-c", Path.Combine(Paths.RepoRoot, "chisel-samples", sample));
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("--------------------------------------------------------------------------------\n", r.Stdout);
        Assert.True(r.Stdout.Split('\n').Length > 3, r.Stdout);
    }

    [Fact]
    public void TheCacheIsKeyedByContent()
    {
        const string Template = """
            public sealed class Hello : Chisel
            {
                public override string Name => "hello";
                public override void OnCaptureEnd(ulong ts, ulong delta) => Host.Out.WriteLine("WORD");
            }
            """;
        var path = Write("hello", Template.Replace("WORD", "first"));
        Assert.Equal("first\n", Sharpdig("-c", path).Stdout);
        File.WriteAllText(path, Template.Replace("WORD", "second"));
        Assert.Equal("second\n", Sharpdig("-c", path).Stdout);
        Assert.Equal(2, Directory.GetFiles(Path.Combine(dir, "cache", "scripts"), "*.dll").Length);
    }

    [Fact]
    public void CompileErrorsAreListedAsFileLineColumn()
    {
        var path = Write("broken", "public class Broken : Chisel\n{\n    public override string Name => \"broken\";\n    int x = ;\n}\n");
        var r = Sharpdig("-c", path);
        Assert.NotEqual(0, r.ExitCode);
        Assert.StartsWith($"{path}(4,13): error CS1525: ", r.Stderr);
        Assert.DoesNotContain("   at ", r.Stderr);
    }

    [Fact]
    public void AnUnknownFieldNamesTheChiselAndTheField()
    {
        var path = Write("nofield", """
            public sealed class NoField : Chisel
            {
                public override string Name => "nofield";
                public override void Initialize() => Host.Text("proc.nosuchfield");
            }
            """);
        var r = Sharpdig("-c", path);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("nofield", r.Stderr);
        Assert.Contains("proc.nosuchfield", r.Stderr);
        Assert.Single(r.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public void AFieldOfAnotherKindIsRefusedAtLoad()
    {
        var path = Write("wrongkind", """
            public sealed class WrongKind : Chisel
            {
                public override string Name => "wrongkind";
                public override void Initialize() => Host.Int64("proc.name");
            }
            """);
        var r = Sharpdig("-c", path);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("chisel wrongkind: field proc.name is text, not an integer", r.Stderr);
    }

    [Fact]
    public void ACrashIsOneLineNamingTheChisel()
    {
        var path = Write("crash", """
            public sealed class Crash : Chisel
            {
                public override string Name => "crash";
                public override bool OnEvent(ChiselEvent e) => throw new InvalidOperationException("boom");
            }
            """);
        var r = Sharpdig("-c", path);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("crash chisel error: InvalidOperationException: boom", r.Stderr);
        Assert.Single(r.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public void ArgumentsAreTypedAndShownByInfo()
    {
        var path = Write("typed", """
            public sealed class Typed : Chisel
            {
                readonly ChiselArgument<int> count;
                public Typed() => count = Argument<int>("count", "how many");
                public override string Name => "typed";
                public override string Category => "Testing";
                public override string ShortDescription => "typed arguments";
                public override void Initialize() => Host.Out.WriteLine($"count={count.Value + 1}");
            }
            """);
        Assert.Equal("count=42\n", Sharpdig("-c", path, "41").Stdout);
        var bad = Sharpdig("-c", path, "many");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("chisel typed: argument count: 'many' is not a valid int", bad.Stderr);
        var info = Run.Program(Paths.RequireSharpdig(), ["-i", "typed"],
            environment: new Dictionary<string, string>(Environment) { ["SHARPDIG_CHISEL_PATH"] = dir });
        Assert.EndsWith("Args:\n[int] count - how many\n\n", info.Stdout);
    }

    [Fact]
    public void ReadingFieldsAllocatesNothingPerEvent()
    {
        // Every kind of handle, read as its value and as text; allocations are counted after the first
        // 1000 events (the engine's caches and the handles' buffers size themselves on first use).
        var path = Write("alloc", """
            public sealed class Alloc : Chisel
            {
                public override string Name => "alloc";
                Field[] fields = [];
                long events, allocated;

                public override void Initialize() => fields =
                [
                    Host.Text("proc.name"), Host.Text("fd.name"), Host.Int64("evt.rawarg.res"), Host.Bool("evt.is_io_read"),
                    Host.UInt64("evt.latency"), Host.Double("evt.latency"), Host.Text("fd.sip"), Host.Text("evt.buffer"),
                    Host.Text("evt.type"), Host.Int64("proc.pid"), Host.Text("evt.arg.data"), Host.Field("fd.l4proto"),
                ];

                public override bool OnEvent(ChiselEvent e)
                {
                    long before = GC.GetAllocatedBytesForCurrentThread();
                    foreach (var f in fields)
                    {
                        switch (f)
                        {
                            case TextField t: t.TryGet(out _); break;
                            case Int64Field i: i.TryGet(out _); break;
                            case UInt64Field u: u.TryGet(out _); break;
                            case DoubleField d: d.TryGet(out _); break;
                            case BoolField b: b.TryGet(out _); break;
                        }
                        f.TryGetText(out _);
                    }
                    _ = e.TypeName.Length + (long)e.Number + (long)e.Timestamp + e.ThreadId;
                    if (++events > 1000) allocated += GC.GetAllocatedBytesForCurrentThread() - before;
                    return true;
                }

                public override void OnCaptureEnd(ulong timestamp, ulong delta) => Host.Out.WriteLine($"{events} {allocated}");
            }
            """);
        var r = Sharpdig("-c", path);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var counts = r.Stdout.Trim().Split(' ').Select(long.Parse).ToArray();
        Assert.True(counts[0] > 20000, r.Stdout);
        // Less than a byte per event on average: no read allocates (an allocation is 24 bytes or more).
        Assert.True(counts[1] < counts[0] - 1000, $"{counts[1]} bytes allocated over {counts[0] - 1000} events");
    }
}
