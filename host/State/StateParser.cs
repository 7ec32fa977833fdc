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

    /// <summary>Marks a thread's last event as none (one past the last event type).</summary>
    readonly ushort noEventType = (ushort)EventTable.Count;
    readonly StateAction[] actions = StateActions.Build();

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
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Reset(Event e)
    {
        // Inlined for the events that only find their thread (procinfo, most of a capture's events).
        var flags = e.Info.Flags;
        if ((flags & EventFlags.SkipParseReset) != 0)
            e.StateThread = e.Type == ProcInfoE ? threads.Get(e.Tid, create: false, lookupOnly: false) : null;
        else
            ResetFully(e, flags);
    }

    void ResetFully(Event e, EventFlags flags)
    {
        // The event's fd and error code start empty: loading the event cleared them.
        ushort type = e.Type;
        if (type is ContainerJsonE or ContainerJson2E)
        {
            e.StateThread = null;
            return;
        }
        bool queryOs = type != SchedSwitch6E && actions[type] != StateAction.CloneExit;
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
            e.StateThread.LastEventType = noEventType;
    }

    /// <summary>Bookkeeping for an event that is delivered: the stored enter event is spent, the thread's event times advance.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
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
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Process(Event e)
    {
        // Inlined: most events change nothing and need no call.
        var action = actions[e.Type];
        if (action != StateAction.None) Apply(e, action);
        if (e.Fd is { } fd) e.FdNameChanged = fd.Name != fd.OldName;
    }

    void Apply(Event e, StateAction action)
    {
        switch (action)
        {
            case StateAction.SendToEnter:
                if (e.Fd == null && e.StateThread != null) InferSendToSocket(e);
                StoreEnter(e);
                break;
            case StateAction.StoreEnter: StoreEnter(e); break;
            case StateAction.ReadWriteExit: ParseReadWriteExit(e); break;
            case StateAction.OpenExit: ParseOpenExit(e); break;
            case StateAction.ThreadExit: ParseThreadExit(e); break;
            case StateAction.PipeExit: ParsePipeExit(e); break;
            case StateAction.SocketExit: ParseSocketExit(e); break;
            case StateAction.BindExit: ParseBindExit(e); break;
            case StateAction.ConnectEnter: ParseConnectEnter(e); break;
            case StateAction.ConnectExit: ParseConnectExit(e); break;
            case StateAction.AcceptExit: ParseAcceptExit(e); break;
            case StateAction.CloseEnter: ParseCloseEnter(e); break;
            case StateAction.CloseExit: ParseCloseExit(e); break;
            case StateAction.FcntlEnter:
                if (e.StateThread != null && (byte)e.ParamInt64(1) is FcntlDupFd or FcntlDupFdCloexec) StoreEnter(e);
                break;
            case StateAction.FcntlExit: ParseFcntlExit(e); break;
            case StateAction.EventFdExit: AddSimpleFd(e, Driver.Snapshot.FdKind.Event); break;
            case StateAction.SignalFdExit: AddSimpleFd(e, Driver.Snapshot.FdKind.SignalFd); break;
            case StateAction.TimerFdExit: AddSimpleFd(e, Driver.Snapshot.FdKind.TimerFd); break;
            case StateAction.InotifyExit: AddSimpleFd(e, Driver.Snapshot.FdKind.Inotify); break;
            case StateAction.ChdirExit: ParseChdirExit(e); break;
            case StateAction.FchdirExit: ParseFchdirExit(e); break;
            case StateAction.DupExit: ParseDupExit(e); break;
            case StateAction.RlimitExit: ParseRlimitExit(e); break;
            case StateAction.PrlimitExit: ParsePrlimitExit(e); break;
            case StateAction.SocketPairExit: ParseSocketPairExit(e); break;
            case StateAction.ContextSwitch: ParseContextSwitch(e); break;
            case StateAction.MemoryExit: ParseMemoryExit(e); break;
            case StateAction.SetResUidExit: ParseSetUidExit(e, 1, user: true); break;
            case StateAction.SetUidExit: ParseSetUidExit(e, 0, user: true); break;
            case StateAction.SetResGidExit: ParseSetUidExit(e, 1, user: false); break;
            case StateAction.SetGidExit: ParseSetUidExit(e, 0, user: false); break;
            case StateAction.Container: ParseContainerEvent(e); break;
            case StateAction.ContainerJson: ParseContainerJson(e); break;
            case StateAction.ChrootExit: ParseChrootExit(e); break;
            case StateAction.SetSidExit: ParseSetSidExit(e); break;
            case StateAction.GetSockOptExit: ParseGetSockOptExit(e); break;
            case StateAction.CloneExit: ParseCloneExit(e); break;
            case StateAction.ExecveExit: ParseExecveExit(e); break;
        }
    }

    const byte FcntlDupFd = 1, FcntlDupFdCloexec = 26;
}
