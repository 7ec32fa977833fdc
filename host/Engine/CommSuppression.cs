using System.Buffers.Binary;
using System.Text;
using Sharpdig.Decode;
using Sharpdig.Driver;
using Sharpdig.Driver.Snapshot;

namespace Sharpdig.Engine;

/// <summary>
/// -U: the events of processes named so vanish before anything sees them (no number, no state), as
/// sysdig's capture library drops them. A thread is suppressed from the clone, fork or exec that gives it a
/// suppressed name or a suppressed parent, until it exits; live, also the matching threads found at start.
/// </summary>
public sealed class CommSuppression
{
    // The exit events sysdig 0.29.3 reads a name from (clone, fork, vfork, execve, execveat, clone3, in their
    // current versions): the comm is parameter 13, the parent's tid parameter 5.
    const ushort Clone20X = 223, Fork20X = 225, Vfork20X = 227, Execve19X = 293, ExecveAtX = 331, Clone3X = 335;
    const ushort ProcExit1E = 186;
    const int CommParam = 13, PtidParam = 5;

    readonly byte[][] names;
    readonly HashSet<long> tids = new();

    public CommSuppression(IEnumerable<string> comms) => names = comms.Select(Encoding.UTF8.GetBytes).ToArray();

    /// <summary>Events dropped so far (-v's "Suppressed by Comm").</summary>
    public ulong Suppressed { get; private set; }

    /// <summary>Live: the threads running at start under a suppressed name, or under a suppressed parent.</summary>
    public void Seed(IEnumerable<ThreadRecord> threads)
    {
        foreach (var t in threads)
            if (tids.Contains(t.Ptid) || Named(Encoding.UTF8.GetBytes(t.Comm))) tids.Add(t.Tid);
    }

    /// <summary>Whether the event (its bytes in the driver's layout) is dropped; keeps the set of suppressed threads.</summary>
    public bool Suppresses(ReadOnlySpan<byte> e)
    {
        if (e.Length < RawEvent.HeaderSize) return false;
        ushort type = BinaryPrimitives.ReadUInt16LittleEndian(e[20..]);
        long tid = BinaryPrimitives.ReadInt64LittleEndian(e[8..]);
        bool suppressed;
        if (type is Clone20X or Fork20X or Vfork20X or Execve19X or ExecveAtX or Clone3X)
        {
            var ptid = RawParams.Get(e, PtidParam);
            var comm = RawParams.Get(e, CommParam);
            int nul = comm.IndexOf((byte)0);
            suppressed = (ptid.Length >= 8 && tids.Contains(BinaryPrimitives.ReadInt64LittleEndian(ptid)))
                || Named(nul < 0 ? comm : comm[..nul]);
            if (suppressed) tids.Add(tid);
            else tids.Remove(tid);
        }
        else
            suppressed = tids.Count != 0 && (type == ProcExit1E ? tids.Remove(tid) : tids.Contains(tid));
        if (suppressed) Suppressed++;
        return suppressed;
    }

    bool Named(ReadOnlySpan<byte> comm)
    {
        foreach (var name in names)
            if (comm.SequenceEqual(name)) return true;
        return false;
    }
}
