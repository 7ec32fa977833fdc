using System.Diagnostics;

namespace Sharpdig.Tests.Support;

/// <summary>Runs a program with arguments, as the conformance tool does (TZ=UTC, no terminal, time limit).</summary>
public static class Run
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static Result Program(string exe, IEnumerable<string> args, int timeoutSeconds = 120, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(exe)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["TZ"] = "UTC";
        info.Environment["LC_ALL"] = "C.UTF-8";
        info.Environment.Remove("TERM");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) info.Environment[name] = value;
        using var p = System.Diagnostics.Process.Start(info)!;
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeoutSeconds * 1000))
        {
            p.Kill(true);
            throw new TimeoutException($"{exe} {string.Join(' ', args)} did not finish in {timeoutSeconds} s");
        }
        return new Result(p.ExitCode, stdout.Result, stderr.Result);
    }
}
