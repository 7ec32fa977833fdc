using Sharpdig.Tests.Support;

namespace Sharpdig.Tests.Conformance;

/// <summary>
/// Every conformance case that passed when it was last recorded (tests/Conformance/*.passing, written by
/// record_passing.py) must still pass: sharpdig's output must equal real sysdig's on that capture.
/// The comparison is the shared sysdig-conformance tool's own.
/// </summary>
public sealed class ConformanceRegressionTests
{
    [Theory]
    [InlineData("output")]
    [InlineData("filters")]
    [InlineData("chisels-lua")]
    [InlineData("chisels-builtin")]
    public void RecordedPassingCasesStillPass(string suite)
    {
        var recorded = Path.Combine(AppContext.BaseDirectory, "Conformance", suite + ".passing");
        if (!File.Exists(recorded) || new FileInfo(recorded).Length == 0)
            Assert.Skip($"no passing cases recorded for {suite} yet");
        var shared = Paths.Shared ?? SkipBecause("../shared is absent (a clone of the project alone)");
        Paths.RequireSysdig();
        var sharpdig = Paths.RequireSharpdig();
        var tool = Path.Combine(shared, "tools", "sysdig-conformance");

        var failures = new List<string>();
        foreach (var group in File.ReadAllLines(recorded).Where(l => l.Length > 0).Select(l => l.Split('\t', 2)).GroupBy(p => p[0]))
        {
            var capture = Path.Combine(shared, "captures", group.Key);
            if (!File.Exists(capture)) continue;
            var cases = Path.GetTempFileName();
            File.WriteAllLines(cases, group.Select(p => p[1]));
            try
            {
                var result = Run.Program(tool, ["--sharpdig", sharpdig, cases, capture], timeoutSeconds: 1800);
                failures.AddRange(result.Stdout.Split('\n').Where(l => l.StartsWith("FAIL ")));
            }
            finally
            {
                File.Delete(cases);
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} conformance cases that passed before fail now:\n" + string.Join('\n', failures));
    }

    static string SkipBecause(string reason)
    {
        Assert.Skip(reason);
        return "";
    }
}
