using System.Runtime.InteropServices;
using Sharpdig.Chisels;

namespace Sharpdig.Cli;

/// <summary>
/// The native sharpdig cannot compile or load chisels at run time; for those runs it becomes the same
/// program on the .NET runtime (clr/sharpdig-jit beside it), with the same command line. exec(2) keeps the
/// process, its standard streams and its parent, so callers see one sharpdig.
/// </summary>
static partial class RuntimeHandover
{
    /// <summary>The runtime build, as the Release build publishes it beside the native program.</summary>
    static string Program => Path.Combine(AppContext.BaseDirectory, "clr", "sharpdig-jit");

    /// <summary>Replaces this process with the runtime build running <paramref name="args"/>; returns an exit status only when that fails.</summary>
    public static unsafe int Exec(string[] args, RuntimeHandoverException reason)
    {
        var program = Program;
        var argv = new nint[args.Length + 2];
        argv[0] = Marshal.StringToCoTaskMemUTF8(program);
        for (int i = 0; i < args.Length; i++) argv[i + 1] = Marshal.StringToCoTaskMemUTF8(args[i]);
        fixed (nint* p = argv) execv(argv[0], p);
        var error = Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError());
        Console.Error.WriteLine($"sharpdig: {reason.Message} needs sharpdig's .NET runtime build {program}: {error}");
        return 1;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial int execv(nint path, nint* argv);
}
