using Sharpdig.Decode;
using static Sharpdig.State.EventIds;

namespace Sharpdig.State;

/// <summary>Thread lifecycle: clone/fork/vfork, execve, exit, and the syscalls that change process attributes.</summary>
public sealed partial class StateParser
{
    /// <summary>A child-side clone return this long after an earlier clone of the same tid means that thread is stale.</summary>
    const ulong CloneStaleNs = 2_000_000_000;

    /// <summary>Where each clone exit version keeps its flags (the other parameters sit at the same places).</summary>
    static int CloneFlagsParam(ushort type) => type switch
    {
        Clone11E + 1 => 8,
        Clone16E + 1 or ForkE + 1 or VforkE + 1 => 13,
        Clone17E + 1 or Fork17E + 1 or Vfork17E + 1 => 14,
        _ => 15,
    };

    static bool HasCommParam(ushort type) => type is not (Clone11E + 1 or Clone16E + 1 or ForkE + 1 or VforkE + 1);

    static bool IsCloneV20(ushort type) => type is Clone20E + 1 or Fork20E + 1 or Vfork20E + 1 or Clone3E + 1;

    void ParseCloneExit(Event e)
    {
        ushort type = e.Type;
        long tid = e.Tid;
        long childTid = e.ParamInt64(0);
        int flagsParam = CloneFlagsParam(type);
        uint flags = e.ParamUInt32(flagsParam);
        if (childTid < 0) return;
        long vtid = tid, vpid = -1;
        if (IsCloneV20(type))
        {
            vtid = e.ParamInt64(18);
            vpid = e.ParamInt64(19);
        }
        bool inContainer = (flags & CloneFlags.ChildInPidNs) != 0 || tid != vtid;
        bool inverted = false, collision = false;
        if (childTid == 0)
        {
            if (e.StateThread is { CloneTs: not 0 } stale && e.Timestamp - stale.CloneTs > CloneStaleNs)
            {
                threads.Remove(tid, force: true);
                e.StateThread = null;
            }
            long parentTid = e.ParamInt64((flags & CloneFlags.Thread) != 0 ? 4 : 5);
            if (e.StateThread is { } self)
            {
                // The parent's return created this thread already; only the namespace ids are news.
                if (inContainer)
                {
                    self.Vtid = vtid;
                    self.Vpid = vpid;
                }
                return;
            }
            inverted = true;
            childTid = tid;
            tid = parentTid;
        }
        else if (inContainer) return;   // the parent only sees the child's namespace tid: wait for the child

        var parent = threads.Get(tid, create: true, lookupOnly: true);
        if (parent == null) return;
        bool validParent = !(parent.Comm == "<NA>" && parent.Uid == uint.MaxValue);
        if (threads.Get(childTid, create: false, lookupOnly: true) is { } existing)
        {
            if ((existing.Flags & CloneFlags.Inverted) != 0) return;
            threads.Remove(childTid, force: true);
            collision = true;
        }

        var child = new ThreadInfo { Tid = childTid, Ptid = tid };
        if (validParent)
        {
            child.Comm = parent.Comm;
            child.Exe = parent.Exe;
            child.ExePath = parent.ExePath;
            child.ExeWritable = parent.ExeWritable;
            child.ExeUpperLayer = parent.ExeUpperLayer;
            child.Args = parent.Args;
            child.Root = parent.Root;
            child.Sid = parent.Sid;
            child.Vpgid = parent.Vpgid;
            child.Tty = parent.Tty;
            child.LoginUid = parent.LoginUid;
            if ((flags & CloneFlags.Thread) == 0) child.OwnEnv = parent.OwnEnv;
        }
        else
        {
            // A clone from a thread sysdig never saw: the placeholder is replaced, and both take the event's names.
            threads.Remove(tid, force: true);
            collision = true;
            parent = threads.Get(tid, create: true, lookupOnly: true);
            if (parent == null) return;
            child.Exe = names.Get(e.ParamString(1));
            child.Comm = HasCommParam(type) ? names.Get(e.ParamString(13)) : child.Exe;
            child.Args = args.Get(e.Param(2));
            parent.Comm = child.Comm;
            parent.Exe = child.Exe;
            parent.ExePath = child.ExePath;
            parent.Args = args.Get(e.Param(2));
        }

        child.Pid = e.ParamInt64(4);
        child.Flags = flags;
        if ((flags & CloneFlags.Thread) == 0)
        {
            child.Pid = childTid;
            if (parent.Fds is { } fds) child.OwnFds.CloneFrom(fds);
            child.OwnCwd = parent.Cwd;
        }
        if (inverted) child.Flags |= CloneFlags.Inverted;
        child.Exe = names.Get(e.ParamString(1));
        child.Comm = HasCommParam(type) ? names.Get(e.ParamString(13)) : child.Exe;
        child.Args = args.Get(e.Param(2));
        child.FdLimit = e.ParamInt64(7);
        if (type != Clone11E + 1)
        {
            child.PfMajor = e.ParamUInt64(8);
            child.PfMinor = e.ParamUInt64(9);
            child.VmSizeKb = e.ParamUInt32(10);
            child.VmRssKb = e.ParamUInt32(11);
            child.VmSwapKb = e.ParamUInt32(12);
        }
        child.Uid = e.ParamUInt32(flagsParam + 1);
        child.Gid = e.ParamUInt32(flagsParam + 2);
        child.Vtid = inContainer ? vtid : child.Tid;
        child.Vpid = inContainer ? vpid : child.Pid;
        if (IsCloneV20(type))
        {
            child.Cgroups = cgroups.Get(e.Param(14));
            child.Table = threads;
            containers.Resolve(child);
        }
        child.CloneTs = e.Timestamp;
        threads.Add(child, fromCapture: false);
        if (collision) Reset(e);
    }

    void ParseExecveExit(Event e)
    {
        if (e.ParamInt64(0) < 0 || e.StateThread is not { } t) return;
        ushort type = e.Type;
        bool oldNoComm = type is ExecveE8 + 1 or Execve13E + 1 or Execve14E + 1;
        t.Exe = names.Get(e.ParamString(1));
        t.Comm = oldNoComm ? t.Exe : names.Get(e.ParamString(13));
        t.Args = args.Get(e.Param(2));
        t.Pid = e.ParamInt64(4);
        if (t.Ptid == -1) t.Ptid = e.ParamInt64(5);
        t.FdLimit = e.ParamInt64(7);
        if (type != ExecveE8 + 1)
        {
            t.PfMajor = e.ParamUInt64(8);
            t.PfMinor = e.ParamUInt64(9);
            t.VmSizeKb = e.ParamUInt32(10);
            t.VmRssKb = e.ParamUInt32(11);
            t.VmSwapKb = e.ParamUInt32(12);
        }
        if (type == Execve14E + 1) t.OwnEnv = env.Get(e.Param(13));
        else if (type == Execve15E + 1) t.OwnEnv = env.Get(e.Param(14));
        else if (type is not (ExecveE8 + 1 or Execve13E + 1))
        {
            t.OwnEnv = env.Get(e.Param(15));
            t.Cgroups = cgroups.Get(e.Param(14));
            containers.Resolve(t);
        }
        if (type is Execve17E + 1 or Execve18E + 1 or Execve19E + 1 or ExecveAtE + 1) t.Tty = (int)e.ParamInt64(16);
        if (type is Execve18E + 1 or Execve19E + 1)
        {
            if (EnterParam(e, 0, out var filename))
            {
                var name = CString(filename);
                t.ExePath = name.StartsWith("<NA>"u8) ? "<NA>" : PathText.Join(t.OwnCwd, name);
            }
        }
        else if (type == ExecveAtE + 1) SetExecveAtPath(e, t);
        if (type is Execve19E + 1 or ExecveAtE + 1) t.Vpgid = e.ParamInt64(17);
        if (e.ParamCount > 18) t.LoginUid = e.ParamUInt32(18);
        if (e.ParamCount > 19)
        {
            uint exeFlags = e.ParamUInt32(19);
            t.ExeWritable = (exeFlags & 1) != 0;
            t.ExeUpperLayer = (exeFlags & 2) != 0;
        }
        // A new program: only the pipe and main-thread marks survive, plus the inverted-clone one.
        uint kept = t.Flags & (CloneFlags.PipeSrc | CloneFlags.PipeDst | CloneFlags.IsMainThread | CloneFlags.Inverted);
        t.Flags = CloneFlags.Active | kept | CloneFlags.NameChanged;
    }

    /// <summary>execveat's executable: its path relative to the directory fd (or the fd itself with AT_EMPTY_PATH).</summary>
    static void SetExecveAtPath(Event e, ThreadInfo t)
    {
        if (!EnterParam(e, 0, out var dirfdParam)) return;
        EnterParam(e, 1, out var pathParam);
        var path = CString(pathParam);
        if (path.StartsWith("<NA>"u8))
        {
            t.ExePath = "<NA>";
            return;
        }
        EnterParam(e, 2, out var flagsParam);
        const uint atEmptyPath = 1;
        string dir = DirFdBase(null, t, path, ReadInt64(dirfdParam));
        if ((ReadUInt32(flagsParam) & atEmptyPath) != 0 && path.IsEmpty)
        {
            t.ExePath = PathText.Join(dir, dir);
            return;
        }
        t.ExePath = PathText.Join(dir, path);
    }

    void ParseThreadExit(Event e)
    {
        if (e.StateThread is not { } t) return;
        t.Flags |= CloneFlags.Closed;
        tidToRemove = e.Tid;
    }

    void ParseChdirExit(Event e)
    {
        if (e.StateThread is not { } t || e.ParamInt64(0) < 0) return;
        t.SetCwd(CString(e.Param(1)));
    }

    void ParseFchdirExit(Event e)
    {
        if (e.ParamInt64(0) < 0 || e.Fd is not { } fd || e.StateThread is not { } t) return;
        t.SetCwd(System.Text.Encoding.UTF8.GetBytes(fd.Name));
    }

    void ParseRlimitExit(Event e)
    {
        if (e.StateThread is not { } t || e.ParamInt64(0) < 0) return;
        const byte noFile = 7;
        if (!EnterParam(e, 0, out var resource) || resource.IsEmpty || resource[0] != noFile) return;
        long current = e.ParamInt64(1);
        if (current != -1 && t.MainThread is { } main) main.FdLimit = current;
    }

    void ParsePrlimitExit(Event e)
    {
        if (e.ParamInt64(0) < 0) return;
        const byte noFile = 7;
        if (!EnterParam(e, 1, out var resource) || resource.IsEmpty || resource[0] != noFile) return;
        long current = e.ParamInt64(1);
        if (current == -1) return;
        EnterParam(e, 0, out var pidParam);
        long tid = ReadInt64(pidParam);
        if (tid == 0) tid = e.Tid;
        if (threads.Get(tid, create: true, lookupOnly: true)?.MainThread is { } main) main.FdLimit = current;
    }

    static void ParseContextSwitch(Event e)
    {
        if (e.StateThread is not { } t) return;
        t.PfMajor = e.ParamUInt64(1);
        t.PfMinor = e.ParamUInt64(2);
        if (t.MainThread is not { } main) return;
        main.VmSizeKb = e.ParamUInt32(3);
        main.VmRssKb = e.ParamUInt32(4);
        main.VmSwapKb = e.ParamUInt32(5);
    }

    static void ParseMemoryExit(Event e)
    {
        if (e.StateThread is not { } t) return;
        t.VmSizeKb = e.ParamUInt32(1);
        t.VmRssKb = e.ParamUInt32(2);
        t.VmSwapKb = e.ParamUInt32(3);
    }

    /// <summary>setuid/setresuid and the gid pair: the new effective id, from the enter event.</summary>
    static void ParseSetUidExit(Event e, int enterParam, bool user)
    {
        if (e.ParamInt64(0) < 0 || !EnterParam(e, enterParam, out var idParam)) return;
        uint id = ReadUInt32(idParam);
        if (enterParam == 1 && id == uint.MaxValue) return;   // setres*id(-1): unchanged
        if (e.StateThread is not { } t) return;
        if (user) t.Uid = id;
        else t.Gid = id;
    }

    void ParseChrootExit(Event e)
    {
        if (e.ParamInt64(0) != 0 || e.StateThread is not { } t) return;
        var path = CString(e.Param(1));
        t.Root = !path.IsEmpty && path[0] != (byte)'/' ? PathText.Join(t.Cwd, path) : Sanitizer.Clean(Text(path));
        containers.Resolve(t);
    }

    static void ParseSetSidExit(Event e)
    {
        long res = e.ParamInt64(0);
        if (res >= 0 && e.StateThread is { } t) t.Sid = res;
    }

    static string Text(ReadOnlySpan<byte> s) => System.Text.Encoding.UTF8.GetString(s);

    // Clones and execs repeat the same names, command lines, environments and cgroups.
    readonly ParsedCache<string> names = new(Text);
    readonly ParsedCache<List<string>> args = new(SplitNul);
    readonly ParsedCache<List<string>> env = new(ParseEnv);
    readonly ParsedCache<List<(string, string)>> cgroups = new(ParseCgroups);

    /// <summary>NUL-separated strings (sinsp's set_args).</summary>
    internal static List<string> SplitNul(ReadOnlySpan<byte> buffer)
    {
        var list = new List<string>();
        while (!buffer.IsEmpty)
        {
            int nul = buffer.IndexOf((byte)0);
            var part = nul >= 0 ? buffer[..nul] : buffer;
            list.Add(Text(part));
            if (nul < 0) break;
            buffer = buffer[(nul + 1)..];
        }
        return list;
    }

    /// <summary>As <see cref="SplitNul"/>, stopping at trailing zero padding (sinsp's set_env).</summary>
    internal static List<string> ParseEnv(ReadOnlySpan<byte> buffer)
    {
        var list = new List<string>();
        while (!buffer.IsEmpty)
        {
            if (buffer[0] == 0 && buffer.IndexOfAnyExcept((byte)0) < 0) break;
            int nul = buffer.IndexOf((byte)0);
            list.Add(Text(nul >= 0 ? buffer[..nul] : buffer));
            if (nul < 0) break;
            buffer = buffer[(nul + 1)..];
        }
        return list;
    }

    /// <summary>"subsystem=path" entries, with sysdig's subsystem renames (sinsp's set_cgroups).</summary>
    internal static List<(string, string)> ParseCgroups(ReadOnlySpan<byte> buffer)
    {
        var list = new List<(string, string)>();
        while (!buffer.IsEmpty)
        {
            int nul = buffer.IndexOf((byte)0);
            var entry = nul >= 0 ? buffer[..nul] : buffer;
            int eq = entry.LastIndexOf((byte)'=');
            if (eq < 0) break;
            string subsystem = Text(entry[..eq]);
            int cgroupSuffix = subsystem.IndexOf("_cgroup", StringComparison.Ordinal);
            if (cgroupSuffix >= 0) subsystem = subsystem.Remove(cgroupSuffix, "_cgroup".Length);
            subsystem = subsystem switch { "perf" => "perf_event", "mem" => "memory", "io" => "blkio", _ => subsystem };
            list.Add((subsystem, Text(entry[(eq + 1)..])));
            if (nul < 0) break;
            buffer = buffer[(nul + 1)..];
        }
        return list;
    }
}
