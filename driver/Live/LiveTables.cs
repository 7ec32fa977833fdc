using Sharpdig.Driver.Events;

namespace Sharpdig.Driver.Live;

/// <summary>How the eBPF program fills one parameter (enum op_kind in sharpdig.bpf.c).</summary>
enum OpKind : byte
{
    None, Arg, ArgInt, Ret, Const, UserString, UserBufferRet, UserBufferArg, IovecRet, IovecArg, IovecSize,
    SockAddr, Tuple, MsgData, MsgSize, MsgTuple, UserInt, FdInode, FdDevice, TimeSpec, FdList, Proc, Queue,
    SockPointer, UserU64, SyscallId, SyscallNumber, Exit, FcntlCommand,
}

/// <summary>What a Proc operation reads from the current task (enum proc_field).</summary>
enum ProcField : byte
{
    Exe, Args, Tid, Pid, Ptid, Cwd, FdLimit, MajFlt, MinFlt, VmSize, VmRss, VmSwap, Comm, Cgroups, Env, Tty,
    Pgid, LoginUid, Euid, Egid, Vtid, Vpid,
}

/// <summary>One parameter operation: kind, syscall argument, value size (filled from the event table), aux.</summary>
readonly record struct Op(OpKind Kind, byte Arg = 0, byte Aux = 0, byte Size = 0);

/// <summary>
/// The tables the eBPF program runs from: which event types each x86-64 syscall produces (sysdig
/// 0.29.3's routing; every other syscall is a generic event) and how each parameter of those event
/// types is filled. Values go into the kernel's maps as they are; <see cref="Translate"/> fixes the
/// flags afterwards.
/// </summary>
static class LiveTables
{
    public const int MaxParams = 32, MaxSyscalls = 512, MaxEventTypes = 512;
    public const ushort GenericEnter = 0, GenericExit = 1, ProcExit = 186;

    // Operations, named for reading the tables below.
    static Op A(int i) => new(OpKind.Arg, (byte)i);
    static Op I(int i) => new(OpKind.ArgInt, (byte)i);
    static readonly Op R = new(OpKind.Ret);
    static readonly Op Zero = new(OpKind.Const);
    static Op S(int i) => new(OpKind.UserString, (byte)i);
    static Op BufRet(int i) => new(OpKind.UserBufferRet, (byte)i);
    static Op BufArg(int i, int len) => new(OpKind.UserBufferArg, (byte)i, (byte)len);
    static Op IovRet(int i, int n) => new(OpKind.IovecRet, (byte)i, (byte)n);
    static Op IovArg(int i, int n) => new(OpKind.IovecArg, (byte)i, (byte)n);
    static Op IovSize(int i, int n) => new(OpKind.IovecSize, (byte)i, (byte)n);
    static Op Addr(int i, int len) => new(OpKind.SockAddr, (byte)i, (byte)len);
    /// <summary>Socket endpoints of the fd in argument 0; outbound, or inbound (peer first); with a user address.</summary>
    static Op TupleOut(int addr = 6) => new(OpKind.Tuple, 0, (byte)addr, 0);
    static Op TupleIn(int addr = 6) => new(OpKind.Tuple, 0, (byte)addr, 1);
    static readonly Op TupleOfRet = new(OpKind.Tuple, 0, 6, 2);
    static Op MsgData(bool received) => new(OpKind.MsgData, 1, 0, (byte)(received ? 1 : 0));
    static Op MsgTuple(bool received) => new(OpKind.MsgTuple, 1, 0, (byte)(received ? 1 : 0));
    static readonly Op MsgSize = new(OpKind.MsgSize, 1);
    static Op UserInt(int i, int index) => new(OpKind.UserInt, (byte)i, (byte)index);
    static Op UserU64(int i, int offset = 0) => new(OpKind.UserU64, (byte)i, (byte)offset);
    static readonly Op Dev = new(OpKind.FdDevice);
    static Op P(ProcField f) => new(OpKind.Proc, 0, (byte)f);
    static Op Fds(bool revents) => new(OpKind.FdList, 0, 1, (byte)(revents ? 1 : 0));

    static readonly Op[] Vm = [P(ProcField.VmSize), P(ProcField.VmRss), P(ProcField.VmSwap)];
    static readonly Op[] ProcStart =
    [
        R, P(ProcField.Exe), P(ProcField.Args), P(ProcField.Tid), P(ProcField.Pid), P(ProcField.Ptid),
        P(ProcField.Cwd), P(ProcField.FdLimit), P(ProcField.MajFlt), P(ProcField.MinFlt), .. Vm,
        P(ProcField.Comm), P(ProcField.Cgroups),
    ];
    static readonly Op[] ExecExit = [.. ProcStart, P(ProcField.Env), P(ProcField.Tty), P(ProcField.Pgid), P(ProcField.LoginUid), Zero];
    static Op[] CloneExit(Op flags) =>
        [.. ProcStart, flags, P(ProcField.Euid), P(ProcField.Egid), P(ProcField.Vtid), P(ProcField.Vpid)];

    /// <summary>Linux syscall name → the enter event type sysdig 0.29.3 routes it to (the exit is the next id).</summary>
    static readonly Dictionary<string, ushort> Routes = new()
    {
        ["open"] = 2, ["close"] = 4, ["read"] = 6, ["write"] = 8, ["brk"] = 158, ["execve"] = 292, ["clone"] = 222,
        ["fork"] = 224, ["vfork"] = 226, ["clone3"] = 334, ["socket"] = 18, ["bind"] = 20, ["connect"] = 22,
        ["listen"] = 24, ["accept"] = 246, ["accept4"] = 248, ["sendto"] = 30, ["recvfrom"] = 34, ["shutdown"] = 36,
        ["socketpair"] = 42, ["sendmsg"] = 48, ["recvmsg"] = 52, ["creat"] = 58, ["pipe"] = 60, ["pipe2"] = 60,
        ["eventfd"] = 62, ["eventfd2"] = 62, ["futex"] = 64, ["epoll_wait"] = 78, ["poll"] = 80, ["select"] = 82,
        ["ioctl"] = 170, ["chdir"] = 94, ["fchdir"] = 96, ["mkdir"] = 276, ["rmdir"] = 278, ["openat"] = 306,
        ["mkdirat"] = 304, ["link"] = 308, ["linkat"] = 310, ["unlink"] = 300, ["unlinkat"] = 302, ["pread64"] = 112,
        ["pwrite64"] = 114, ["readv"] = 116, ["writev"] = 118, ["preadv"] = 120, ["pwritev"] = 122, ["dup"] = 124,
        ["dup2"] = 124, ["dup3"] = 124, ["signalfd"] = 126, ["signalfd4"] = 126, ["kill"] = 128, ["tkill"] = 130,
        ["tgkill"] = 132, ["nanosleep"] = 134, ["timerfd_create"] = 136, ["inotify_init"] = 138,
        ["inotify_init1"] = 138, ["fcntl"] = 150, ["mmap"] = 160, ["munmap"] = 164, ["mprotect"] = 328,
        ["rename"] = 174, ["renameat"] = 176, ["renameat2"] = 318, ["symlink"] = 178, ["symlinkat"] = 180,
        ["sendfile"] = 188, ["setresuid"] = 192, ["setresgid"] = 194, ["setuid"] = 198, ["setgid"] = 200,
        ["getdents"] = 236, ["getdents64"] = 238, ["setns"] = 240, ["unshare"] = 284, ["ppoll"] = 254,
        ["openat2"] = 326, ["execveat"] = 330, ["getsockname"] = 38, ["getpeername"] = 40, ["stat"] = 66,
        ["lstat"] = 68, ["fstat"] = 70, ["lseek"] = 86, ["getcwd"] = 92, ["getrlimit"] = 140, ["setrlimit"] = 142,
        ["prlimit64"] = 144, ["splice"] = 166, ["getuid"] = 202, ["geteuid"] = 204, ["getgid"] = 206, ["getegid"] = 208,
        ["getresuid"] = 210, ["getresgid"] = 212, ["flock"] = 242, ["umount2"] = 258, ["access"] = 264,
        ["chroot"] = 266, ["setsid"] = 274, ["setpgid"] = 294, ["seccomp"] = 298, ["fchmodat"] = 312, ["chmod"] = 314,
        ["fchmod"] = 316, ["userfaultfd"] = 320, ["copy_file_range"] = 332,
    };

    /// <summary>Event type → one operation per parameter, in the event table's order.</summary>
    static readonly Dictionary<ushort, Op[]> Programs = new()
    {
        [0] = [new(OpKind.SyscallId), new(OpKind.SyscallNumber)], [1] = [new(OpKind.SyscallId)],
        [2] = [S(0), A(1), A(2)], [3] = [R, S(0), A(1), A(2), Dev],
        [4] = [I(0)], [5] = [R],
        [6] = [I(0), A(2)], [7] = [R, BufRet(1)],
        [8] = [I(0), A(2)], [9] = [R, BufArg(1, 2)],
        [158] = [A(0)], [159] = [R, .. Vm],
        [292] = [S(0)], [293] = ExecExit,
        [330] = [I(0), S(1), A(4)], [331] = ExecExit,
        [222] = [], [223] = CloneExit(A(0)),
        [224] = [], [225] = CloneExit(Zero),
        [226] = [], [227] = CloneExit(Zero),
        [334] = [], [335] = CloneExit(UserU64(0)),
        [186] = [new(OpKind.Exit, 0, 0), new(OpKind.Exit, 0, 1), new(OpKind.Exit, 0, 2), new(OpKind.Exit, 0, 3)],
        [18] = [A(0), A(1), A(2)], [19] = [R],
        [20] = [I(0)], [21] = [R, Addr(1, 2)],
        [22] = [I(0), Addr(1, 2)], [23] = [R, TupleOut(1)],
        [24] = [I(0), A(1)], [25] = [R],
        [246] = [], [247] = [R, TupleOfRet, new(OpKind.Queue, 0, 0), new(OpKind.Queue, 0, 1), new(OpKind.Queue, 0, 2)],
        [248] = [Zero], [249] = [R, TupleOfRet, new(OpKind.Queue, 0, 0), new(OpKind.Queue, 0, 1), new(OpKind.Queue, 0, 2)],
        [30] = [I(0), A(2), TupleOut(4)], [31] = [R, BufArg(1, 2)],
        [34] = [I(0), A(2)], [35] = [R, BufRet(1), TupleIn(4)],
        [36] = [I(0), A(1)], [37] = [R],
        [42] = [A(0), A(1), A(2)],
        [43] = [R, UserInt(3, 0), UserInt(3, 1), new(OpKind.SockPointer, 3, 0), new(OpKind.SockPointer, 3, 1)],
        [48] = [I(0), MsgSize, MsgTuple(false)], [49] = [R, MsgData(false)],
        [52] = [I(0)], [53] = [R, R, MsgData(true), MsgTuple(true)],
        [58] = [S(0), A(1)], [59] = [R, S(0), A(1), Dev],
        [60] = [], [61] = [R, UserInt(0, 0), UserInt(0, 1), new(OpKind.FdInode, 0)],
        [62] = [A(0), Zero], [63] = [R],
        [64] = [A(0), A(1), A(2)], [65] = [R],
        [78] = [A(2)], [79] = [R],
        [80] = [Fds(false), I(2)], [81] = [R, Fds(true)],
        [82] = [], [83] = [R],
        [170] = [I(0), A(1), A(2)], [171] = [R],
        [94] = [], [95] = [R, S(0)],
        [96] = [I(0)], [97] = [R],
        [276] = [A(1)], [277] = [R, S(0)],
        [278] = [], [279] = [R, S(0)],
        [306] = [I(0), S(1), A(2), A(3)], [307] = [R, I(0), S(1), A(2), A(3), Dev],
        [326] = [I(0), S(1), UserU64(2, 0), UserU64(2, 8), UserU64(2, 16)],
        [327] = [R, I(0), S(1), UserU64(2, 0), UserU64(2, 8), UserU64(2, 16)],
        [304] = [], [305] = [R, I(0), S(1), A(2)],
        [308] = [], [309] = [R, S(0), S(1)],
        [310] = [], [311] = [R, I(0), S(1), I(2), S(3), A(4)],
        [300] = [], [301] = [R, S(0)],
        [302] = [], [303] = [R, I(0), S(1), A(2)],
        [112] = [I(0), A(2), A(3)], [113] = [R, BufRet(1)],
        [114] = [I(0), A(2), A(3)], [115] = [R, BufArg(1, 2)],
        [116] = [I(0)], [117] = [R, R, IovRet(1, 2)],
        [118] = [I(0), IovSize(1, 2)], [119] = [R, IovArg(1, 2)],
        [120] = [I(0), A(3)], [121] = [R, R, IovRet(1, 2)],
        [122] = [I(0), IovSize(1, 2), A(3)], [123] = [R, IovArg(1, 2)],
        [124] = [I(0)], [125] = [R],
        // signalfd's mask and flags, timerfd_create's and inotify_init's arguments: sysdig's drivers write 0 for these
        [126] = [I(0), Zero, Zero], [127] = [R],
        [128] = [I(0), A(1)], [129] = [R],
        [130] = [I(0), A(1)], [131] = [R],
        [132] = [I(0), I(1), A(2)], [133] = [R],
        [134] = [new(OpKind.TimeSpec, 0)], [135] = [R],
        [136] = [Zero, Zero], [137] = [R],
        [138] = [Zero], [139] = [R],
        [150] = [I(0), new(OpKind.FcntlCommand, 1)], [151] = [R],
        [160] = [A(0), A(1), A(2), A(3), I(4), A(5)], [161] = [R, .. Vm],
        [164] = [A(0), A(1)], [165] = [R, .. Vm],
        [328] = [A(0), A(1), A(2)], [329] = [R],
        [174] = [], [175] = [R, S(0), S(1)],
        [176] = [], [177] = [R, I(0), S(1), I(2), S(3)],
        [318] = [], [319] = [R, I(0), S(1), I(2), S(3), A(4)],
        [178] = [], [179] = [R, S(0), S(1)],
        [180] = [], [181] = [R, S(0), I(1), S(2)],
        [188] = [I(0), I(1), UserU64(2), A(3)], [189] = [R, UserU64(2)],
        [192] = [A(0), A(1), A(2)], [193] = [R],
        [194] = [A(0), A(1), A(2)], [195] = [R],
        [198] = [A(0)], [199] = [R],
        [200] = [A(0)], [201] = [R],
        [236] = [I(0)], [237] = [R],
        [238] = [I(0)], [239] = [R],
        [240] = [I(0), A(1)], [241] = [R],
        [284] = [A(0)], [285] = [R],
        [254] = [Fds(false), new(OpKind.TimeSpec, 2), Zero], [255] = [R, Fds(true)],
        [38] = [], [39] = [], [40] = [], [41] = [],
        [66] = [], [67] = [R, S(0)], [68] = [], [69] = [R, S(0)], [70] = [I(0)], [71] = [R],
        [86] = [I(0), A(1), A(2)], [87] = [R],
        [92] = [], [93] = [R, S(0)],
        [140] = [A(0)], [141] = [R, UserU64(1, 0), UserU64(1, 8)],
        [142] = [A(0)], [143] = [R, UserU64(1, 0), UserU64(1, 8)],
        [144] = [I(0), A(1)], [145] = [R, UserU64(2, 0), UserU64(2, 8), UserU64(3, 0), UserU64(3, 8)],
        [166] = [I(0), I(2), A(4), A(5)], [167] = [R],
        [202] = [], [203] = [R], [204] = [], [205] = [R], [206] = [], [207] = [R], [208] = [], [209] = [R],
        [210] = [], [211] = [R, UserInt(0, 0), UserInt(1, 0), UserInt(2, 0)],
        [212] = [], [213] = [R, UserInt(0, 0), UserInt(1, 0), UserInt(2, 0)],
        [242] = [I(0), A(1)], [243] = [R],
        [258] = [A(1)], [259] = [R, S(0)],
        [264] = [A(1)], [265] = [R, S(0)],
        [266] = [], [267] = [R, S(0)],
        [274] = [], [275] = [R],
        [294] = [I(0), I(1)], [295] = [R],
        [298] = [A(0)], [299] = [R],
        [312] = [], [313] = [R, I(0), S(1), A(2)],
        [314] = [], [315] = [R, S(0), A(1)],
        [316] = [], [317] = [R, I(0), A(1)],
        [320] = [], [321] = [R, A(0)],
        [332] = [I(0), UserU64(1), A(4)], [333] = [R, I(2), UserU64(3)],
    };

    /// <summary>Syscall number → (enter type, exit type, sysdig syscall id).</summary>
    public static (ushort Enter, ushort Exit, ushort Sc)[] BuildRoutes()
    {
        var byName = new Dictionary<string, int>();
        for (int i = 0; i < EventTable.Syscalls.Length; i++) byName.TryAdd(EventTable.Syscalls[i].Name, i);
        var routes = new (ushort, ushort, ushort)[MaxSyscalls];
        foreach (var (nr, name) in SyscallNumbers())
        {
            if (nr >= MaxSyscalls) continue;
            ushort sc = (ushort)(byName.TryGetValue(name, out int id) ? id : 0);
            routes[nr] = Routes.TryGetValue(name, out ushort enter)
                ? (enter, (ushort)(enter + 1), sc)
                : (GenericEnter, GenericExit, sc);
        }
        return routes;
    }

    /// <summary>Event type → its operations with value sizes from the event table; checks every count.</summary>
    public static Dictionary<ushort, Op[]> BuildPrograms()
    {
        var result = new Dictionary<ushort, Op[]>();
        foreach (var (type, ops) in Programs)
        {
            var info = EventTable.Events[type];
            if (info.Params.Length != ops.Length)
                throw new InvalidOperationException($"live table: {info.Name} ({type}) has {info.Params.Length} parameters, not {ops.Length}");
            // Tuple, message and fdlist operations use the size byte as a mode; the rest take the parameter's size.
            result[type] = ops.Select((op, i) => op.Kind is OpKind.Tuple or OpKind.MsgData or OpKind.MsgTuple or OpKind.FdList
                ? op : op with { Size = SizeOf(info.Params[i].Type) }).ToArray();
        }
        return result;
    }

    static byte SizeOf(ParamType t) => t switch
    {
        ParamType.Int8 or ParamType.UInt8 or ParamType.Flags8 or ParamType.SigType or ParamType.L4Proto or ParamType.SockFamily => 1,
        ParamType.Int16 or ParamType.UInt16 or ParamType.Flags16 or ParamType.Port or ParamType.SyscallId => 2,
        ParamType.Int32 or ParamType.UInt32 or ParamType.Flags32 or ParamType.Uid or ParamType.Gid or ParamType.Mode or
            ParamType.Bool or ParamType.Ipv4Addr or ParamType.SigSet => 4,
        ParamType.Int64 or ParamType.UInt64 or ParamType.Errno or ParamType.Fd or ParamType.Pid or ParamType.RelTime or
            ParamType.AbsTime or ParamType.Double => 8,
        _ => 0,
    };

    static IEnumerable<(int Nr, string Name)> SyscallNumbers()
    {
        using var stream = typeof(LiveTables).Assembly.GetManifestResourceStream("syscalls_x86_64.table")
            ?? throw new InvalidOperationException("missing resource syscalls_x86_64.table");
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#') continue;
            var parts = line.Split('\t');
            yield return (int.Parse(parts[0]), parts[1]);
        }
    }
}
