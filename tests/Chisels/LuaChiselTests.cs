using Sharpdig.Tests.Support;

namespace Sharpdig.Tests.Chisels;

/// <summary>
/// Lua chisels run by the sharpdig executable on a shared capture: sysdig's LuaJIT behaviour, the
/// chisel search path, several chisels at once, and failures that end in one clear message.
/// </summary>
public sealed class LuaChiselTests : IDisposable
{
    const string Capture = "falco_syscall.scap";
    const string Header = "description = \"test\"\nshort_description = \"a test chisel\"\ncategory = \"Testing\"\n";

    readonly string dir = Directory.CreateTempSubdirectory("sharpdig-chisels").FullName;

    public void Dispose() => Directory.Delete(dir, true);

    string Write(string name, string body)
    {
        var path = Path.Combine(dir, name + ".lua");
        File.WriteAllText(path, Header + body);
        return path;
    }

    Run.Result Sharpdig(params string[] args) =>
        Run.Program(Paths.RequireSharpdig(), ["-r", Paths.RequireCapture(Capture), .. args],
            environment: new Dictionary<string, string> { ["SHARPDIG_CHISEL_PATH"] = dir });

    static void AssertCleanFailure(Run.Result r, params string[] expected)
    {
        Assert.NotEqual(0, r.ExitCode);
        foreach (var text in expected) Assert.Contains(text, r.Stderr);
        Assert.DoesNotContain("   at ", r.Stderr);
        Assert.DoesNotContain("Exception", r.Stderr);
    }

    [Fact]
    public void NumbersStringsAndLibrariesBehaveAsInSysdigsLuaJit()
    {
        var chisel = Write("compat", """
            args = {}
            require "common"
            local json = require "dkjson"
            function on_init()
              print(tostring(3.0), 7 / 2, 6 / 2, 2^10, 1e15, 1e100, -0.0 + 0, math.floor(3.7), 0/0)
              print(string.format("%d %i %u %x %5.1f %s %s %%", 3.7, -2.5, 12.9, 255.5, 2, 6/3, "x"))
              print(unpack({1, 2, 3}))
              print(math.pow(2, 8), math.log10(1000), table.getn({1, 2}), table.maxn({1, 2, nil, 4}))
              io.write(1.5, " ", 42, " ", 6/2, "\n")
              print(("%s|%d"):format(10/5, 7))
              print(format_bytes(123456), format_time_interval(1500000000), format_time_interval(2500000))
              print(json.encode({1, 2, 3}), select("#", nil, nil), tostring(nil))
              return true
            end
            """);
        var ours = Sharpdig("-c", chisel);
        var sysdig = Run.Program(Paths.RequireSysdig(), ["-r", Paths.RequireCapture(Capture), "-c", chisel]);
        Assert.Equal(0, sysdig.ExitCode);
        Assert.Equal(sysdig.Stdout, ours.Stdout);
        Assert.Equal(0, ours.ExitCode);
    }

    [Fact]
    public void EveryChiselSeesEveryEventAndTheCallbacksRunInOrder()
    {
        var body = """
            args = {{name = "label", description = "a label", argtype = "string"}}
            local label, n = "", 0
            function on_set_arg(name, value) label = value return true end
            function on_init() print(label .. " init") return true end
            function on_capture_start() print(label .. " start") return true end
            function on_event() n = n + 1 return true end
            function on_capture_end(s, ns, delta) print(label .. " end " .. n) end
            """;
        var a = Write("counta", body);
        var b = Write("countb", body);
        var r = Sharpdig("-c", a, "first", "-c", b, "second");
        Assert.Equal(0, r.ExitCode);
        var lines = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["first init", "second init", "first start", "second start"], lines[..4]);
        Assert.StartsWith("first end ", lines[4]);
        Assert.Equal(lines[4][6..], lines[5][7..]);
        Assert.True(int.Parse(lines[4]["first end ".Length..]) > 0);
    }

    [Fact]
    public void ChiselsAreFoundByNameOnTheSearchPathAndListed()
    {
        Write("pathchisel", "args = {}\nfunction on_init() print(\"found\") return true end\n");
        var run = Sharpdig("-c", "pathchisel");
        Assert.Equal("found\n", run.Stdout);
        var list = Run.Program(Paths.RequireSharpdig(), ["-cl"], environment: new Dictionary<string, string> { ["SHARPDIG_CHISEL_PATH"] = dir });
        Assert.Contains("Category: Testing\n-----------------\npathchisel      a test chisel\n", list.Stdout);
        var info = Run.Program(Paths.RequireSharpdig(), ["-i", "pathchisel"], environment: new Dictionary<string, string> { ["SHARPDIG_CHISEL_PATH"] = dir });
        Assert.EndsWith("\ntest\nArgs:\n(None)\n", info.Stdout);
    }

    [Fact]
    public void ExecReplacesTheChiselWithAnotherGivenItsArguments()
    {
        Write("target", """
            args = {{name = "a", description = "", argtype = "string"}, {name = "b", description = "", argtype = "string"}}
            function on_set_arg(name, value) print(name .. "=" .. value) return true end
            function on_init() print("target init") return true end
            """);
        var front = Write("front", "args = {}\nfunction on_init() chisel.exec(\"target\", \"one two\", 3) return true end\n");
        var r = Sharpdig("-c", front);
        Assert.Equal("a=one two\nb=3\ntarget init\n", r.Stdout);
    }

    [Fact]
    public void OsExitKeepsWhatWasPrintedAndItsStatus()
    {
        var chisel = Write("leave", "args = {}\nfunction on_init() print(\"bye\") os.exit(3) end\n");
        var r = Sharpdig("-c", chisel);
        Assert.Equal("bye\n", r.Stdout);
        Assert.Equal(3, r.ExitCode);
    }

    [Fact]
    public void SyntaxErrorNamesTheFileAndLine()
    {
        var chisel = Write("broken", "args = {}\nfunction on_event(\n");
        AssertCleanFailure(Sharpdig("-c", chisel), $"Failed to load chisel {chisel}: {chisel}:6:");
    }

    [Fact]
    public void RuntimeErrorNamesTheChiselAndShowsTheTraceback()
    {
        // Not a tail call: LuaJIT's traceback cannot name a function that replaced its caller's frame.
        var chisel = Write("crash", "args = {}\nfunction helper(t) return t.x.y end\nfunction on_event() local r = helper({}) return r end\n");
        var r = Sharpdig("-c", chisel);
        AssertCleanFailure(r, $"{chisel} chisel error: {chisel}:5:", "stack traceback:", "in function 'helper'");
    }

    [Fact]
    public void UnknownFieldIsOneMessage()
    {
        var chisel = Write("badfield", "args = {}\nfunction on_init() chisel.request_field(\"proc.nosuchfield\") return true end\n");
        var r = Sharpdig("-c", chisel);
        AssertCleanFailure(r, $"{chisel}: error in init(): {chisel}:5: chisel requesting nonexistent field proc.nosuchfield");
        Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void UnknownChiselAndMissingArgumentsAreSysdigsMessages()
    {
        AssertCleanFailure(Sharpdig("-c", "no_such_chisel_anywhere"), "can't open file no_such_chisel_anywhere");
        var needy = Write("needy", "args = {{name = \"x\", description = \"\", argtype = \"string\"}}\nfunction on_set_arg() return true end\n");
        AssertCleanFailure(Sharpdig("-c", needy), $"missing arguments for chisel {needy}");
        AssertCleanFailure(Sharpdig("-c", needy, "a b"), $"too many parameters for chisel {needy}, 1 required, 0 optional, 2 given");
    }

    /// <summary>
    /// LuaJIT is a system library, not shipped: with it hidden (in a private mount namespace, /dev/null
    /// over it), a Lua chisel fails in one line that says what to install, and the rest works.
    /// </summary>
    [Fact]
    public void WithoutLuaJitALuaChiselIsOneClearLineAndTheRestWorks()
    {
        const string library = "/usr/lib/x86_64-linux-gnu/libluajit-5.1.so.2";
        if (!File.Exists(library)) Assert.Skip("LuaJIT is not installed here");
        var file = new FileInfo(library).ResolveLinkTarget(true)?.FullName ?? library;
        Run.Result Hidden(params string[] args) =>
            Run.Program("unshare", ["-m", "sh", "-c", $"mount --bind /dev/null {file} && exec \"$@\"", "sh", .. args]);
        if (Hidden("true").ExitCode != 0) Assert.Skip("hiding LuaJIT needs root (unshare -m, mount --bind)");

        var sharpdig = Paths.RequireSharpdig();
        var capture = Paths.RequireCapture(Capture);
        var chisel = Write("plain", "args = {}\n");
        var r = Hidden(sharpdig, "-r", capture, "-c", chisel);
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("sharpdig: Lua chisels need LuaJIT (libluajit-5.1.so.2): install libluajit-5.1-2\n", r.Stderr);
        var plain = Hidden(sharpdig, "-r", capture, "evt.type=open");
        Assert.Equal(0, plain.ExitCode);
        Assert.Equal(Run.Program(sharpdig, ["-r", capture, "evt.type=open"]).Stdout, plain.Stdout);
    }
}
