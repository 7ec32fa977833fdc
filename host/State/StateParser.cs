using System.Runtime.CompilerServices;
using Sharpdig.Decode;
using Sharpdig.Driver.Events;
using Sharpdig.Engine;
using static Sharpdig.State.EventIds;

namespace Sharpdig.State;

/// <summary>
/// Keeps threads and fds up to date as events go by, with sysdig 0.29.3's semantics (libsinsp's
/// parser of March 2022). For each event: <see cref="BeginEvent"/> applies the removals the
/// previous event scheduled, <see cref="Reset"/> pairs it with its thread, its enter event and
/// its fd, <see cref="Process"/> applies what the event changes, and <see cref="EndEvent"/> closes
/// the bookkeeping of events that were delivered.
/// </summary>
public sealed partial class StateParser
{
    readonly ThreadTable threads;
    readonly ContainerTable containers;
    readonly Interfaces interfaces;
    /// <summary>Reused to build new fds (the table stores copies).</summary>
    readonly FdInfo scratch = new();

    // Removals sysdig delays to the next event, so that an exit or close can still be looked at.
    long tidToRemove = -1;
    long fdOwnerToRemove;
    readonly List<long> fdsToRemove = new();

    static readonly ushort EventMax = (ushort)EventTable.Events.Length;

    public StateParser(Inspector inspector)
    {
        threads = inspector.Threads;
        containers = inspector.Containers;
        interfaces = inspector.Interfaces;
    }

    /// <summary>Applies the thread and fd removals the previous event scheduled.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void BeginEvent()
    {
        if (tidToRemove != -1 || fdsToRemove.Count != 0) ApplyRemovals();
    }

    void ApplyRemovals()
    {
        if (tidToRemove != -1)
        {
            threads.Remove(tidToRemove, force: false);
            tidToRemove = -1;
        }
        if (fdsToRemove.Count != 0)
        {
            if (threads.Get(fdOwnerToRemove, create: true, lookupOnly: true)?.Fds is { } table)
                foreach (long fd in fdsToRemove) table.Remove(fd);
            fdsToRemove.Clear();
        }
    }

    /// <summary>
    /// Per-event preparation, run before filtering: finds (or creates) the thread, pairs an exit with
    /// its enter, records latency, the error code and the fd the event uses.
    /// </summary>
    public void Reset(Event e)
    {
        // The event's fd and error code start empty: loading the event cleared them.
        var flags = e.Info.Flags;
        ushort type = e.Type;
        if ((flags & EventFlags.SkipParseReset) != 0)
        {
            e.StateThread = type == ProcInfoE ? threads.Get(e.Tid, create: false, lookupOnly: false) : null;
            return;
        }
        if (type is ContainerJsonE or ContainerJson2E)
        {
            e.StateThread = null;
            return;
        }
        bool queryOs = type != SchedSwitch6E && !IsCloneExit(type);
        var t = threads.Get(e.Tid, queryOs, lookupOnly: false);
        e.StateThread = t;
        if (type == SchedSwitch6E || t == null) return;
        if (queryOs) t.Flags |= CloneFlags.Active;

        if ((type & 1) == 0)
        {
            t.LastEventFd = -1;
            t.LastEventType = type;
            if ((flags & EventFlags.UsesFd) != 0)
            {
                t.LastEventFd = e.ParamInt64(0);
                e.Fd = t.GetFd(t.LastEventFd);
            }
            t.Latency = 0;
            t.LastLatencyEnterTs = e.Timestamp;
            return;
        }

        if (t.LastLatencyEnterTs != 0) t.Latency = e.Timestamp - t.LastLatencyEnterTs;
        if (type == t.LastEventType + 1) t.EnterDataValid = true;
        else
        {
            t.EnterDataValid = false;
            if (t.LastEventType != TracerE) return;
        }
        if (e.Info.FirstParamIsResult)
        {
            long res = e.ParamInt64(0);   // 0 when the event has no parameters
            if (res < 0) e.ErrorCode = -(int)res;
        }
        if ((flags & EventFlags.UsesFd) == 0) return;
        if (type == CopyFileRangeE + 1) t.LastEventFd = e.ParamInt64(1);
        var fd = t.GetFd(t.LastEventFd);
        e.Fd = fd;
        if (fd == null || (fd.Flags & FdFlags.CloseCanceled) == 0) return;
        // A close whose fd was re-created before it returned: the old entry waits in the canceled slot.
        fd.Flags &= ~FdFlags.CloseCanceled;
        if (t.GetFd(FdTable.CanceledFd) != null) ScheduleFdRemoval(t, FdTable.CanceledFd);
    }

    /// <summary>The filter rejected an event before parsing: its exit will not pair with it.</summary>
    public void OnFilteredOut(Event e)
    {
        if (e.StateThread != null && (e.Info.Flags & EventFlags.SkipParseReset) == 0 && e.Type != SchedSwitch6E)
            e.StateThread.LastEventType = EventMax;
    }

    /// <summary>Bookkeeping for an event that is delivered: the stored enter event is spent, the thread's event times advance.</summary>
    public void EndEvent(Event e, ulong ts)
    {
        var t = e.StateThread;
        if (t == null) return;
        if ((e.Type & 1) != 0 && t.EnterDataLength != 0)
        {
            t.EnterDataLength = 0;
            t.EnterDataValid = false;
        }
        if (e.Type is not (SchedSwitch1E or SchedSwitch6E))
        {
            t.PrevEventTs = t.LastEventTs;
            t.LastEventTs = ts;
        }
    }

    void ScheduleFdRemoval(ThreadInfo t, long fd)
    {
        fdOwnerToRemove = t.Tid;
        fdsToRemove.Add(fd);
    }

    /// <summary>Keeps the enter event so the exit can read its parameters (sinsp's store_event).</summary>
    static void StoreEnter(Event e) => e.StateThread?.StoreEnter(e.RawBytes);

    /// <summary>Parameter <paramref name="index"/> of the enter event this exit pairs with; false when there is none.</summary>
    static bool EnterParam(Event e, int index, out ReadOnlySpan<byte> value)
    {
        value = default;
        if (e.StateThread is not { } t) return false;
        var enter = t.EnterFor(e.Type);
        if (enter.IsEmpty) return false;
        value = RawParams.Get(enter, index);
        return true;
    }

    static bool HasEnter(Event e) => e.StateThread is { } t && !t.EnterFor(e.Type).IsEmpty;

    static long ReadInt64(ReadOnlySpan<byte> p) => p.Length >= 8 ? System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(p) : 0;
    static uint ReadUInt32(ReadOnlySpan<byte> p) => p.Length >= 4 ? System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(p) : 0;

    /// <summary>Updates state from the event.</summary>
    public void Process(Event e)
    {
        ushort type = e.Type;
        switch (type)
        {
            case SendToE:
                if (e.Fd == null && e.StateThread != null) InferSendToSocket(e);
                StoreEnter(e);
                break;
            case OpenE or CreatE or OpenAtE or OpenAt2E or OpenAt2NewE or SocketE or EventFdE or ChdirE or FchdirE
                or ShutdownE or GetRlimitE or SetRlimitE or PrlimitE or SendMsgE or SendFileE or SetResUidE
                or SetResGidE or SetUidE or SetGidE or Execve18E or Execve19E or ExecveAtE or SetPgidE:
                StoreEnter(e);
                break;
            case ReadE + 1 or WriteE + 1 or RecvE + 1 or SendE + 1 or RecvFromE + 1 or RecvMsgE + 1 or SendToE + 1
                or SendMsgE + 1 or ReadvE + 1 or WritevE + 1 or PreadE + 1 or PwriteE + 1 or PreadvE + 1 or PwritevE + 1:
                ParseReadWriteExit(e);
                break;
            case OpenE + 1 or CreatE + 1 or OpenAtE + 1 or OpenAt2E + 1 or OpenAt2NewE + 1:
                ParseOpenExit(e);
                break;
            case ProcExitE or ProcExit1E:
                ParseThreadExit(e);
                break;
            case PipeE + 1: ParsePipeExit(e); break;
            case SocketE + 1: ParseSocketExit(e); break;
            case BindE + 1: ParseBindExit(e); break;
            case ConnectE: ParseConnectEnter(e); break;
            case ConnectE + 1: ParseConnectExit(e); break;
            case AcceptE + 1 or Accept5E + 1 or Accept4E + 1 or Accept4_5E + 1: ParseAcceptExit(e); break;
            case CloseE: ParseCloseEnter(e); break;
            case CloseE + 1: ParseCloseExit(e); break;
            case FcntlE:
                if (e.StateThread != null && (byte)e.ParamInt64(1) is FcntlDupFd or FcntlDupFdCloexec) StoreEnter(e);
                break;
            case FcntlE + 1: ParseFcntlExit(e); break;
            case EventFdE + 1: AddSimpleFd(e, Driver.Snapshot.FdKind.Event); break;
            case SignalFdE + 1: AddSimpleFd(e, Driver.Snapshot.FdKind.SignalFd); break;
            case TimerFdCreateE + 1: AddSimpleFd(e, Driver.Snapshot.FdKind.TimerFd); break;
            case InotifyInitE + 1: AddSimpleFd(e, Driver.Snapshot.FdKind.Inotify); break;
            case ChdirE + 1 or GetCwdE + 1: ParseChdirExit(e); break;
            case FchdirE + 1: ParseFchdirExit(e); break;
            case DupE + 1: ParseDupExit(e); break;
            case GetRlimitE + 1 or SetRlimitE + 1: ParseRlimitExit(e); break;
            case PrlimitE + 1: ParsePrlimitExit(e); break;
            case SocketPairE + 1: ParseSocketPairExit(e); break;
            case SchedSwitch1E or SchedSwitch6E: ParseContextSwitch(e); break;
            case Brk4E + 1 or MmapE + 1 or Mmap2E + 1 or MunmapE + 1: ParseMemoryExit(e); break;
            case SetResUidE + 1 or SetUidE + 1: ParseSetUidExit(e, type == SetResUidE + 1 ? 1 : 0, user: true); break;
            case SetResGidE + 1 or SetGidE + 1: ParseSetUidExit(e, type == SetResGidE + 1 ? 1 : 0, user: false); break;
            case ContainerE: ParseContainerEvent(e); break;
            case ContainerJsonE or ContainerJson2E: ParseContainerJson(e); break;
            case ChrootE + 1: ParseChrootExit(e); break;
            case SetSidE + 1: ParseSetSidExit(e); break;
            case GetSockOptE + 1: ParseGetSockOptExit(e); break;
            default:
                if (IsCloneExit(type)) ParseCloneExit(e);
                else if (IsExecveExit(type)) ParseExecveExit(e);
                break;
        }
        if (e.Fd is { } fd) e.FdNameChanged = fd.Name != fd.OldName;
    }

    const byte FcntlDupFd = 1, FcntlDupFdCloexec = 26;
}
