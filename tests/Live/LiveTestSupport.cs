using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Sharpdig.Tests.Live;

/// <summary>Running sharpdig and the scripted workloads for the live tests.</summary>
static partial class LiveTestSupport
{
    /// <summary>Why live capture cannot run here, or null when it can.</summary>
    public static string? MissingForLive()
    {
        if (!Environment.IsPrivilegedProcess) return "live capture needs root";
        if (!File.Exists("/sys/kernel/btf/vmlinux")) return "the kernel has no BTF (/sys/kernel/btf/vmlinux)";
        if (!File.Exists("/usr/lib/x86_64-linux-gnu/libbpf.so.1")) return "libbpf1 is not installed";
        if (Find("python3") == null) return "python3 is not installed (the TCP workload)";
        if (Find("strace") == null) return "strace is not installed (the syscall oracle)";
        return null;
    }

    public static string? Sysdig => Find("sysdig");

    static string? Find(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists);

    static string SharpdigDll => Path.Combine(AppContext.BaseDirectory, "sharpdig.dll");

    public static Process StartSharpdig(params string[] args) => StartSharpdig(ignoreInterrupt: false, args);

    /// <summary>Starts sharpdig; with <paramref name="ignoreInterrupt"/> it inherits SIGINT ignored (through a shell's trap and exec, keeping its pid).</summary>
    public static Process StartSharpdig(bool ignoreInterrupt, params string[] args)
    {
        var psi = new ProcessStartInfo(ignoreInterrupt ? "/bin/sh" : "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        if (ignoreInterrupt)
        {
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add("trap '' INT; exec dotnet \"$@\"");
            psi.ArgumentList.Add("sh");
        }
        psi.ArgumentList.Add(SharpdigDll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        return Process.Start(psi)!;
    }

    public static string RunSharpdig(params string[] args) => Run("dotnet", [SharpdigDll, .. args]);

    public static string Run(string program, params string[] args)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["TZ"] = "UTC";
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return output + stderr.Result;
    }

    public static void RunShell(string script)
    {
        var output = Run("/bin/bash", "-c", script);
        _ = output;
    }

    /// <summary>Waits until sharpdig has created its -w file: by then the driver is capturing.</summary>
    public static void WaitForFile(string path, Process sharpdig)
    {
        var clock = Stopwatch.StartNew();
        while (!File.Exists(path))
        {
            if (sharpdig.HasExited) throw new InvalidOperationException("sharpdig exited: " + sharpdig.StandardError.ReadToEnd());
            if (clock.Elapsed > TimeSpan.FromSeconds(60)) throw new TimeoutException("sharpdig did not start capturing");
            Thread.Sleep(50);
        }
        Thread.Sleep(200);
    }

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);

    public static void Interrupt(Process p) => Kill(p.Id, 2);

    /// <summary>
    /// The workloads: a known file read, a pipe, a TCP exchange on 127.0.0.1, fork+exec, cat under strace,
    /// and every listed syscall once (syscalls.py, in the directory <see cref="SyscallsDir"/>).
    /// </summary>
    public static string Workload(string dir) => $"""
        set -e
        cat {dir}/known.txt > /dev/null
        echo pipe-payload | cat > /dev/null
        python3 {dir}/tcp.py
        sh -c '/bin/true; :'
        strace -f -qq -o {dir}/strace.txt cat {dir}/known.txt > /dev/null
        mkdir {SyscallsDir(dir)}
        python3 {Path.Combine(AppContext.BaseDirectory, "Live", "syscalls.py")} {SyscallsDir(dir)}
        """;

    public static string SyscallsDir(string dir) => Path.Combine(dir, "syscalls");

    public const string TcpExchange = """
        import socket
        server = socket.socket()
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        client = socket.socket()
        client.connect(server.getsockname())
        peer, _ = server.accept()
        client.send(b"tcp-ping")
        assert peer.recv(8) == b"tcp-ping"
        peer.send(b"tcp-pong")
        assert client.recv(8) == b"tcp-pong"
        for s in (client, peer, server):
            s.close()
        """;
}
