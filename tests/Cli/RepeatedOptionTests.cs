using Sharpdig.Tests.Support;

namespace Sharpdig.Tests.Cli;

/// <summary>
/// Options given more than once, as sysdig's getopt takes them: the last value of a single-valued option wins,
/// a second buffer format is refused, and each -r file is read in turn (chisels and -S carrying on).
/// </summary>
public sealed class RepeatedOptionTests
{
    public static TheoryData<string> Cases() =>
    [
        "-r {a} -n 3 -n 40", "-r {a} --numevents=30 -n 20", "-r {a} -p %evt.num -p %evt.type -n 50", "-r {a} -s 10 -s 30 -X -n 50",
        "-r {a} -A -A", "-r {a} -A -x", "-r {a} -x -A", "-r {a} -b -X",
        "-r {b} -r {a}", "-r {a} -r {b} -n 20", "-r {a} -r {b} proc.name=cat", "-r {a} -r {b} -S", "-r {b} -r {a} -q -S",
        "-r {a} -r {b} -c spy_users", "-r {b} -r {a} -c lsof", "-r {a} -r {b} -P -c topfiles_bytes", "-r {a} -r {b} -P -n 15000",
        "-r {a} -r {b} -w {out}", "-r {b} -r /nonexistent.scap",
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesSysdig(string arguments)
    {
        var a = Paths.RequireCapture("sysdig-inspect_502Error.scap");
        var b = Paths.RequireCapture("falco_cat_write.scap");
        var sysdig = Paths.RequireSysdig();
        var sharpdig = Paths.RequireSharpdig();
        var dir = Directory.CreateTempSubdirectory("sharpdig-repeated").FullName;
        try
        {
            string[] Args(string who) =>
                arguments.Replace("{a}", a).Replace("{b}", b).Replace("{out}", Path.Combine(dir, who + ".scap")).Split(' ');
            var want = Run.Program(sysdig, Args("sysdig"));
            var got = Run.Program(sharpdig, Args("sharpdig"));
            Assert.Equal(want.ExitCode, got.ExitCode);
            Assert.Equal(want.Stdout, got.Stdout);
            if (want.ExitCode == 0) Assert.Equal(want.Stderr, got.Stderr);   // errors are sharpdig's own words
            // Each file overwrote -w's: what is left is the last file's events (sysdig cannot read back its own copy).
            if (arguments.Contains("{out}"))
                Assert.Equal(Run.Program(sysdig, ["-r", b]).Stdout, Run.Program(sysdig, ["-r", Path.Combine(dir, "sharpdig.scap")]).Stdout);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
