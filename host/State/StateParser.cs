using Sharpdig.Decode;
using Sharpdig.Driver.Events;
using Sharpdig.Driver.Snapshot;
using Sharpdig.Engine;

namespace Sharpdig.State;

/// <summary>
/// Keeps threads and fds up to date as events go by, with sysdig's semantics: threads appear
/// from the capture's process list, clone and execve; fds from the fd lists and the syscalls that
/// create, duplicate and close them. <see cref="Reset"/> runs for every event, <see cref="Process"/>
/// for those the filter keeps (and always for those that change state).
/// </summary>
public sealed partial class StateParser(Inspector inspector)
{
    readonly ThreadTable threads = inspector.Threads;

    /// <summary>Builds the thread and fd tables from the capture's state blocks.</summary>
    public void Import(SystemSnapshot snapshot)
    {
        foreach (var record in snapshot.Threads)
            threads.Add(ThreadFromRecord(record));
        foreach (var t in threads.All.ToList())
            if (!t.IsMainThread && threads.Find(t.Pid) is { } main) main.Children++;
    }

    ThreadInfo ThreadFromRecord(ThreadRecord r)
    {
        var t = new ThreadInfo
        {
            Tid = r.Tid, Pid = r.Pid, Ptid = r.Ptid, Sid = r.Sid, Vpgid = r.Vpgid, Comm = r.Comm, Exe = r.Exe,
            ExePath = r.ExePath, Flags = r.Flags | CloneFlags.Active, FdLimit = (long)r.FdLimit, Uid = r.Uid, Gid = r.Gid,
            LoginUid = r.LoginUid, VmSizeKb = r.VmSizeKb, VmRssKb = r.VmRssKb, VmSwapKb = r.VmSwapKb, PfMajor = r.PfMajor,
            PfMinor = r.PfMinor, Vtid = r.Vtid, Vpid = r.Vpid, Root = r.Root, Tty = r.Tty, ExeWritable = r.ExeWritable,
            CapInheritable = r.CapInheritable, CapPermitted = r.CapPermitted, CapEffective = r.CapEffective,
            PidnsInitStartTs = r.PidnsInitStartTs, FromSnapshot = true,
        };
        t.Args = SplitNul(r.Args);
        t.Env = SplitNul(r.Env);
        t.Cgroups = ParseCgroups(SplitNul(r.Cgroups));
        t.ContainerId = Containers.IdFromCgroups(t.Cgroups);
        t.SetOwnCwd(WithTrailingSlash(r.Cwd));
        foreach (var fd in r.Fds)
            if (FdFromRecord(fd) is { } info) t.OwnFds.Set(fd.Fd, info);
        return t;
    }

    internal static string WithTrailingSlash(string dir) => dir.Length == 0 || dir.EndsWith('/') ? dir : dir + "/";

    internal static List<string> SplitNul(ReadOnlySpan<byte> buffer)
    {
        var list = new List<string>();
        while (!buffer.IsEmpty)
        {
            int nul = buffer.IndexOf((byte)0);
            var part = nul >= 0 ? buffer[..nul] : buffer;
            list.Add(System.Text.Encoding.UTF8.GetString(part));
            if (nul < 0) break;
            buffer = buffer[(nul + 1)..];
        }
        return list;
    }

    internal static List<(string, string)> ParseCgroups(List<string> entries)
    {
        var list = new List<(string, string)>(entries.Count);
        foreach (var e in entries)
        {
            int eq = e.IndexOf('=');
            if (eq > 0) list.Add((e[..eq], e[(eq + 1)..]));
        }
        return list;
    }

    static FdInfo? FdFromRecord(FdRecord r)
    {
        var fd = new FdInfo { Kind = r.Kind, Ino = r.Ino };
        switch (r.Kind)
        {
            case FdKind.Ipv4Sock:
                fd.SourceIp = r.SourceIp; fd.DestIp = r.DestIp; fd.SourcePort = r.SourcePort; fd.DestPort = r.DestPort;
                fd.L4 = (L4Proto)r.L4Proto;
                fd.Name = FdNames.Ipv4Tuple(fd);
                break;
            case FdKind.Ipv4ServSock:
                fd.SourceIp = r.SourceIp; fd.SourcePort = r.SourcePort; fd.L4 = (L4Proto)r.L4Proto;
                fd.Name = FdNames.Ipv4Server(fd);
                break;
            case FdKind.Ipv6Sock:
                fd.L4 = (L4Proto)r.L4Proto;
                fd.SourcePort = r.SourcePort; fd.DestPort = r.DestPort;
                if (Decode.NetText.IsIpv4Mapped(r.SourceIp) && Decode.NetText.IsIpv4Mapped(r.DestIp))
                {
                    fd.Kind = FdKind.Ipv4Sock;
                    fd.SourceIp = r.SourceIp[12..]; fd.DestIp = r.DestIp[12..];
                    fd.Name = FdNames.Ipv4Tuple(fd);
                }
                else
                {
                    fd.SourceIp = r.SourceIp; fd.DestIp = r.DestIp;
                    fd.Name = FdNames.Ipv6Tuple(fd);
                }
                break;
            case FdKind.Ipv6ServSock:
                fd.SourceIp = r.SourceIp; fd.SourcePort = r.SourcePort; fd.L4 = (L4Proto)r.L4Proto;
                fd.Name = FdNames.Ipv6Server(fd);
                break;
            case FdKind.UnixSock:
                fd.UnixSource = r.UnixSource; fd.UnixDest = r.UnixDest; fd.Name = r.Name;
                fd.Role = r.Name.Length == 0 ? FdRole.Client : FdRole.Server;
                break;
            case FdKind.FileV2:
                fd.OpenFlags = r.OpenFlags; fd.Name = r.Name; fd.Dev = r.Dev;
                break;
            case FdKind.Unknown or FdKind.Uninitialized or FdKind.MemFd or FdKind.PidFd:
                return null;
            default:
                fd.Name = r.Name;
                break;
        }
        return fd;
    }

    /// <summary>
    /// Per-event preparation, run before filtering: finds (or creates) the thread, pairs an exit with
    /// its enter, records latency, the error code and the fd the event uses. False when the event
    /// should not go on to <see cref="Process"/>.
    /// </summary>
    public bool Reset(Event e)
    {
        var info = e.Info;
        ushort type = e.Type;
        if ((info.Flags & EventFlags.SkipParseReset) != 0)
        {
            e.Thread = type == EventIds.ProcInfoE ? threads.Find(e.Tid) : null;
            return false;
        }
        bool create = !(EventIds.IsClone(type) || type == EventIds.SchedSwitch6E);
        var t = GetThread(e.Tid, create);
        e.Thread = t;
        if (t == null) return false;
        if (create) t.Flags |= CloneFlags.Active;

        if (e.IsEnter)
        {
            t.LastEventFd = -1;
            t.LastEventType = type;
            if ((info.Flags & EventFlags.UsesFd) != 0)
            {
                t.LastEventFd = e.ParamInt64(0);
                e.Fd = t.GetFd(t.LastEventFd);
                e.FdNumber = t.LastEventFd;
            }
            t.Latency = 0;
            t.LastLatencyEnterTs = e.Timestamp;
            StoreEnterParams(e, t);
        }
        else
        {
            if (t.LastLatencyEnterTs != 0) t.Latency = e.Timestamp - t.LastLatencyEnterTs;
            if (type != t.LastEventType + 1)
            {
                t.EnterValid = false;
                return false;
            }
            t.EnterValid = true;
            if (info.Params.Length != 0 && e.ParamCount > 0 && (info.Params[0].Name.StartsWith("res") || info.Params[0].Name.StartsWith("fd")))
            {
                long res = e.ParamInt64(0);
                if (res < 0) e.ErrorCode = -(int)res;
            }
            if ((info.Flags & EventFlags.UsesFd) != 0)
            {
                e.FdNumber = t.LastEventFd;
                e.Fd = t.GetFd(t.LastEventFd);
                if (e.Fd == null) return false;
            }
        }
        return true;
    }

    /// <summary>Finds a thread; with <paramref name="create"/>, an unknown tid becomes a placeholder thread as sysdig makes one.</summary>
    internal ThreadInfo? GetThread(long tid, bool create)
    {
        var t = threads.Find(tid);
        if (t != null || !create) return t;
        t = new ThreadInfo { Tid = tid, Pid = tid, Ptid = -1, Comm = "<NA>", Exe = "<NA>", Uid = uint.MaxValue, Gid = uint.MaxValue };
        threads.Add(t);
        return t;
    }

    /// <summary>Keeps the enter event's bytes so the exit can read them (sysdig's m_lastevent_data).</summary>
    static void StoreEnterParams(Event e, ThreadInfo t)
    {
        var bytes = e.RawBytes;
        if (t.LastEnterParams.Length < bytes.Length) t.LastEnterParams = new byte[bytes.Length];
        bytes.CopyTo(t.LastEnterParams);
        t.LastEnterParamsLength = bytes.Length;
    }

    /// <summary>Container metadata events update the container table and are not shown.</summary>
    public static bool IsContainerEvent(ushort type) => type is EventIds.ContainerE or EventIds.ContainerJsonE or EventIds.ContainerJson2E;

    /// <summary>Parameter <paramref name="index"/> of the thread's last enter event (when this exit follows it).</summary>
    static ReadOnlySpan<byte> EnterParam(ThreadInfo t, int index)
    {
        if (!t.EnterValid) return default;
        return RawParams.Get(t.LastEnterParams.AsSpan(0, t.LastEnterParamsLength), index);
    }

    /// <summary>Updates state from the event.</summary>
    public void Process(Event e)
    {
        ushort type = e.Type;
        switch (type)
        {
            case EventIds.OpenE + 1 or EventIds.CreatE + 1 or EventIds.OpenAtE + 1 or EventIds.OpenAt2E + 1 or EventIds.OpenAt2_E + 1:
                ParseOpen(e);
                break;
            case EventIds.CloseE + 1:
                ParseClose(e);
                break;
            case EventIds.SocketE + 1:
                ParseSocket(e);
                break;
            case EventIds.ConnectE + 1:
                ParseConnect(e);
                break;
            case EventIds.AcceptE + 1 or EventIds.Accept4E + 1 or EventIds.Accept5E + 1 or EventIds.Accept4_5E + 1:
                ParseAccept(e);
                break;
            case EventIds.PipeE + 1:
                ParsePipe(e);
                break;
            case EventIds.ContainerE or EventIds.ContainerJsonE or EventIds.ContainerJson2E:
                inspector.Containers.Parse(e);
                break;
            case EventIds.ChdirE + 1:
                ParseChdir(e);
                break;
            case EventIds.ProcExitE or EventIds.ProcExit1E:
                ParseProcExit(e);
                break;
            default:
                if (EventIds.IsClone(type)) ParseClone(e);
                else if (EventIds.IsExecve(type)) ParseExecve(e);
                break;
        }
    }
}
