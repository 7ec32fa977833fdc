using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Sharpdig.Tests.Live;

/// <summary>
/// Live capture end to end: `sharpdig -w` records scripted workloads through the eBPF driver, is
/// stopped with SIGINT, and the file is read back (by sharpdig and by sysdig). The events, arguments,
/// fd names and process names must be what the workload did; strace is the oracle for syscall results.
/// Skipped, with the reason, where there is no root, BTF or BPF.
/// </summary>
public sealed class LiveCaptureTests : IClassFixture<LiveCaptureTests.Recording>
{
    readonly Recording r;

    public LiveCaptureTests(Recording recording) => r = recording;

    /// <summary>Records the workload once for all the tests of this class.</summary>
    public sealed class Recording : IDisposable
    {
        public string? SkipReason { get; }
        public string Dir { get; } = Directory.CreateTempSubdirectory("sharpdig-live").FullName;
        public string Output { get; } = "";
        public string Stderr { get; } = "";
        public int SharpdigPid { get; }
        public string[] Lines { get; } = [];
        public string Strace { get; } = "";

        public Recording()
        {
            SkipReason = LiveTestSupport.MissingForLive();
            if (SkipReason != null) return;
            File.WriteAllText(Path.Combine(Dir, "known.txt"), "known-content\n");
            File.WriteAllText(Path.Combine(Dir, "tcp.py"), LiveTestSupport.TcpExchange);
            var capture = Path.Combine(Dir, "live.scap");
            var sharpdig = LiveTestSupport.StartSharpdig("-w", capture, "-v");
            SharpdigPid = sharpdig.Id;
            var stderr = sharpdig.StandardError.ReadToEndAsync();
            LiveTestSupport.WaitForFile(capture, sharpdig);
            LiveTestSupport.RunShell(LiveTestSupport.Workload(Dir));
            Thread.Sleep(300);
            LiveTestSupport.Interrupt(sharpdig);
            if (!sharpdig.WaitForExit(60_000)) throw new TimeoutException("sharpdig did not stop on SIGINT");
            Stderr = stderr.Result;
            if (sharpdig.ExitCode != 0) throw new InvalidOperationException($"sharpdig exited with {sharpdig.ExitCode}: {Stderr}");
            // The driver's events are checked as the reference reads them when it is here, else as sharpdig does.
            Output = LiveTestSupport.Sysdig is { } sysdig ? LiveTestSupport.Run(sysdig, "-r", capture) : LiveTestSupport.RunSharpdig("-r", capture);
            Lines = Output.Split('\n');
            Strace = File.ReadAllText(Path.Combine(Dir, "strace.txt"));
        }

        public void Dispose() => Directory.Delete(Dir, true);
    }

    void SkipIfMissing()
    {
        if (r.SkipReason != null) Assert.Skip(r.SkipReason);
    }

    IEnumerable<string> LinesOf(string process) => r.Lines.Where(l => l.Contains($" {process} ("));

    [Fact]
    public void KnownFileReadHasItsPathFdAndData()
    {
        SkipIfMissing();
        string path = Path.Combine(r.Dir, "known.txt");
        var cat = LinesOf("cat").ToArray();
        var open = cat.Select(l => Regex.Match(l, $@"< openat fd=(\d+)\(<f>{Regex.Escape(path)}\)")).First(m => m.Success);
        string fd = open.Groups[1].Value;
        Assert.Contains(cat, l => l.Contains($"> read fd={fd}(<f>{path}) size="));
        Assert.Contains(cat, l => l.Contains("< read res=14 data=known-content."));
        Assert.Contains(cat, l => l.Contains($"> close fd={fd}(<f>{path})"));
    }

    [Fact]
    public void PipeWriteIsSeenOnBothEnds()
    {
        SkipIfMissing();
        Assert.Contains(r.Lines, l => Regex.IsMatch(l, @"> write fd=1\(<p>[^)]*\) size=13") );
        Assert.Contains(r.Lines, l => l.Contains("< write res=13 data=pipe-payload."));
        Assert.Contains(LinesOf("cat"), l => l.Contains("< read res=13 data=pipe-payload."));
        Assert.Contains(r.Lines, l => Regex.IsMatch(l, @"< pipe res=0 fd1=\d+\(<p>[^)]*\) fd2=\d+\(<p>[^)]*\) ino=\d+"));
    }

    [Fact]
    public void TcpExchangeOnLoopbackHasTuplesAndData()
    {
        SkipIfMissing();
        var py = LinesOf("python3").ToArray();
        var connect = py.Select(l => Regex.Match(l, @"< connect res=0 tuple=127\.0\.0\.1:(\d+)->127\.0\.0\.1:(\d+)")).First(m => m.Success);
        string client = connect.Groups[1].Value, server = connect.Groups[2].Value;
        string tuple = $"127.0.0.1:{client}->127.0.0.1:{server}";
        Assert.Contains(py, l => l.Contains($"< accept fd=") && l.Contains($"(<4t>{tuple}) tuple={tuple}"));
        Assert.Contains(py, l => Regex.IsMatch(l, $@"> bind fd=\d+") );
        Assert.Contains(py, l => l.Contains("< bind res=0 addr=127.0.0.1:0"));   // what the caller passed: port 0
        Assert.Contains(py, l => l.Contains("> listen fd=") && l.Contains("backlog=1"));
        Assert.Contains(py, l => l.Contains($"(<4t>{tuple})") && l.Contains("> sendto"));
        Assert.Contains(py, l => l.Contains("< sendto res=8 data=tcp-ping"));
        Assert.Contains(py, l => l.Contains("< recvfrom res=8 data=tcp-ping"));
        Assert.Contains(py, l => l.Contains("< recvfrom res=8 data=tcp-pong"));
    }

    [Fact]
    public void ForkAndExecNameTheChild()
    {
        SkipIfMissing();
        // dash forks with vfork; the child reports the same call with res=0
        // (the parent's exit may come after the child's exec, so the child's name there is sh or true)
        var fork = r.Lines.Select(l => Regex.Match(l, @" sh \((\d+)\) < (v?fork|clone) res=(\d+)\((?:sh|true)\) exe=sh ")).First(m => m.Success);
        string call = fork.Groups[2].Value, child = fork.Groups[3].Value;
        Assert.Contains(r.Lines, l => l.Contains($" sh ({child}) < {call} res=0 exe=sh ") && l.Contains($"ptid={fork.Groups[1].Value}(sh)"));
        Assert.Contains(r.Lines, l => l.Contains($" true ({child}) < execve res=0 exe=/bin/true ") && l.Contains($"tid={child}(true)"));
        Assert.Contains(r.Lines, l => l.Contains($" sh ({child}) > execve filename=/bin/true"));
        Assert.Contains(r.Lines, l => l.Contains($" true ({child}) > procexit status=0"));
    }

    [Fact]
    public void SyscallResultsMatchStrace()
    {
        SkipIfMissing();
        // strace -f followed `cat known.txt`: after its execve, the openat/read/close results must be ours too.
        // Results compare as numbers, or as errno names for failures (strace: "= -1 ENOENT", sysdig: "=-2(ENOENT)").
        var traced = Regex.Matches(r.Strace, @"^(\d+) +(openat|read|close)\(.*\) += (\d+|-1 (E[A-Z]+))", RegexOptions.Multiline)
            .Select(m => (Pid: m.Groups[1].Value, Call: m.Groups[2].Value, Result: m.Groups[4].Success ? m.Groups[4].Value : m.Groups[3].Value)).ToArray();
        Assert.NotEmpty(traced);
        string pid = traced[0].Pid;
        var ours = r.Lines.Select(l => Regex.Match(l, $@" cat \({pid}\) < (openat|read|close) (?:fd|res)=(\d+|-\d+\((E[A-Z]+)\))"))
            .Where(m => m.Success)
            .Select(m => (Pid: pid, Call: m.Groups[1].Value, Result: m.Groups[3].Success ? m.Groups[3].Value : m.Groups[2].Value)).ToArray();
        Assert.Equal(traced.Where(t => t.Pid == pid), ours);
    }

    /// <summary>
    /// The calls the driver must describe in full, as sysdig names their events (dup2 and dup3 are dup events,
    /// pipe2 pipe, accept4 accept, pread64 pread; epoll_pwait has no event of its own in sysdig 0.29.3 and is a
    /// generic one), each made by syscalls.py and seen entering and exiting.
    /// </summary>
    static readonly string[] ListedEvents =
    [
        "open", "openat", "openat2", "creat", "close", "read", "write", "pread", "pwrite", "readv", "writev", "preadv",
        "pwritev", "sendfile", "socket", "socketpair", "connect", "accept", "bind", "listen", "shutdown", "sendto",
        "recvfrom", "sendmsg", "recvmsg", "pipe", "dup", "fcntl", "execve", "clone", "clone3", "fork", "vfork", "chdir",
        "fchdir", "mkdir", "mkdirat", "rmdir", "unlink", "unlinkat", "rename", "renameat", "renameat2", "symlink",
        "symlinkat", "link", "linkat", "kill", "tkill", "tgkill", "setuid", "setgid", "setresuid", "setresgid", "setns",
        "unshare", "mmap", "munmap", "brk", "poll", "ppoll", "select", "epoll_wait", "epoll_pwait", "futex", "nanosleep",
        "ioctl", "eventfd", "signalfd", "timerfd_create", "inotify_init", "getdents",
    ];

    [Fact]
    public void EveryListedCallIsSeenEnteringAndExiting()
    {
        SkipIfMissing();
        bool Seen(string direction, string name) => r.Lines.Any(l => l.Contains($" {direction} {name} "));
        var missing = ListedEvents.SelectMany(n => new[] { (">", n), ("<", n) }).Where(x => !Seen(x.Item1, x.Item2)).ToArray();
        Assert.Empty(missing);
        // Enter only: a successful execveat exits as execve (as in sysdig's drivers), and procexit has no exit.
        Assert.True(Seen(">", "execveat") && Seen(">", "procexit"));
    }

    [Fact]
    public void ListedCallsCarryTheArgumentsTheyWerePassed()
    {
        SkipIfMissing();
        string d = LiveTestSupport.SyscallsDir(r.Dir);
        var py = LinesOf("python3").ToArray();
        string[] expected =
        [
            $"> open name={d}/f1 flags=7(O_CREAT|O_RDWR) mode=0644",
            "< pwrite res=8 data=cov-data", "< pread res=8 data=cov-data", "< writev res=8 data=cov-data",
            "< preadv res=8 size=8 data=cov-data", $"> creat name={d}/f2 mode=0600",
            $"> openat2 dirfd=-100(AT_FDCWD) name={d}/f1 flags=1(O_RDONLY) mode=0 resolve=0",
            $"dirfd=-100(AT_FDCWD) name=f1({d}/f1) flags=1(O_RDONLY) mode=0 dev=",
            $"< mkdir res=0 path={d}/d1", $"< mkdirat res=0 dirfd=-100(AT_FDCWD) path=d2({d}/d2) mode=1ED",
            $"< symlinkat res=0 target=f1 linkdirfd=-100(AT_FDCWD) linkpath=l2({d}/l2)",
            $"< linkat res=0 olddir=-100(AT_FDCWD) oldpath=f1({d}/f1) newdir=-100(AT_FDCWD) newpath=h2({d}/h2) flags=0",
            $"< rename res=0 oldpath={d}/h1 newpath={d}/h3",
            $"< renameat2 res=0 olddirfd=-100(AT_FDCWD) oldpath=h3({d}/h3) newdirfd=-100(AT_FDCWD) newpath=h5({d}/h5) flags=0",
            $"< unlinkat res=0 dirfd=-100(AT_FDCWD) name=d2({d}/d2) flags=512(AT_REMOVEDIR)", $"< rmdir res=0 path={d}/d1",
            "> setuid uid=0(root)", "> setresuid ruid=-1(<NONE>) euid=-1(<NONE>) suid=-1(<NONE>)",
            "> eventfd initval=3 flags=0", "> timerfd_create clockid=0 flags=0", "> inotify_init flags=0", "> nanosleep interval=1000(1e-06s)",
            "> socketpair domain=1(AF_LOCAL) type=1 proto=0", "backlog=2", "< sendto res=2 data=to",
            "< sendmsg res=8 data=to......", "< recvmsg res=8 size=8 data=to......",
            "(<f>/proc/self/ns/uts) nstype=0", "> unshare flags=0",
            "> execveat dirfd=-100(AT_FDCWD) pathname=/bin/true flags=0",
        ];
        var missing = expected.Where(x => !py.Any(l => l.Contains(x))).ToArray();
        Assert.Empty(missing);
        Assert.Contains(py, l => Regex.IsMatch(l, @"> tgkill pid=(\d+)\(python3\) tid=\1\(python3\) sig=0 "));
        Assert.Contains(py, l => Regex.IsMatch(l, @"< recvfrom res=2 data=to tuple=127\.0\.0\.1:\d+->127\.0\.0\.1:\d+ "));
    }

    [Fact]
    public void UnreadablePathsPrintAsSysdigPrintsThem()
    {
        SkipIfMissing();
        // A pointer to nothing is an empty path (resolved to the cwd); a null one "(NULL)", as sysdig's kernel module writes it.
        string d = LiveTestSupport.SyscallsDir(r.Dir);
        Assert.Contains(LinesOf("python3"), l => l.EndsWith($"< mkdir res=-14(EFAULT) path=({d}) "));
        Assert.Contains(LinesOf("python3"), l => l.EndsWith($"< mkdir res=-14(EFAULT) path=(NULL)({d}/(NULL)) "));
    }

    [Fact]
    public void OwnEventsAreLeftOutAndNothingIsDropped()
    {
        SkipIfMissing();
        Assert.DoesNotContain(r.Lines, l => l.Contains($"({r.SharpdigPid})"));
        Assert.Contains("Driver Drops:0", r.Stderr);
    }

    [Fact]
    public void SysdigReadsTheLiveCapture()
    {
        SkipIfMissing();
        if (LiveTestSupport.Sysdig == null) Assert.Skip("sysdig is not installed");
        var sysdig = LiveTestSupport.Run(LiveTestSupport.Sysdig, "-r", Path.Combine(r.Dir, "live.scap"));
        Assert.DoesNotContain("Could not", sysdig);
        Assert.Contains("< read res=14 data=known-content.", sysdig);
    }

    [Fact]
    public void InterruptStopsACaptureStartedWithInterruptIgnored()
    {
        SkipIfMissing();
        // As a shell starts a background job: SIGINT ignored. sysdig still stops on it, and so must sharpdig.
        var capture = Path.Combine(r.Dir, "background.scap");
        using var sharpdig = LiveTestSupport.StartSharpdig(ignoreInterrupt: true, "-w", capture, "proc.name=nosuchproc");
        LiveTestSupport.WaitForFile(capture, sharpdig);
        LiveTestSupport.Interrupt(sharpdig);
        bool stopped = sharpdig.WaitForExit(30_000);
        if (!stopped) sharpdig.Kill();
        Assert.True(stopped, "sharpdig did not stop on SIGINT");
        Assert.Equal(0, sharpdig.ExitCode);
        Assert.DoesNotContain("sharpdig:", LiveTestSupport.RunSharpdig("-r", capture));
    }
}
