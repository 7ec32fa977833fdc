using Sharpdig.Decode;
using Sharpdig.Driver.Events;
using Sharpdig.Output;

namespace Sharpdig.Format;

/// <summary>-S: calls per event type (and per syscall for generic events), printed at the end as sysdig does.</summary>
public sealed class EventSummary
{
    readonly ulong[] byEvent = new ulong[EventTable.Count];
    readonly ulong[] bySyscall = new ulong[EventTable.Syscalls.Length * 2];

    public void Count(Event e)
    {
        ushort type = e.Type;
        if (type is 0 or 1)
        {
            int id = (int)e.ParamUInt64(0);
            int slot = id * 2 + type;
            if ((uint)slot < (uint)bySyscall.Length) bySyscall[slot]++;
        }
        else
            byEvent[type]++;
    }

    readonly record struct Entry(int Id, bool Syscall, ulong Calls);

    public void Print(TextBuffer o)
    {
        o.Append("----------------------\nEvent           #Calls\n----------------------\n");
        var entries = new Entry[byEvent.Length + bySyscall.Length];
        for (int j = 0; j < byEvent.Length; j++) entries[j] = new Entry(j, false, byEvent[j]);
        for (int j = 0; j < bySyscall.Length; j++) entries[byEvent.Length + j] = new Entry(j, true, bySyscall[j]);
        // sysdig sorts with std::sort by count, descending; its tie order is reproduced, not chosen.
        CxxSort.Sort(entries, (a, b) => a.Calls > b.Calls);
        foreach (var e in entries)
        {
            if (e.Calls == 0) break;
            string name = e.Syscall ? EventTable.Syscalls[e.Id / 2].Name : EventTable.Events[e.Id].Name;
            o.Append((e.Id & 1) == 0 ? "> " : "< ").Append(name.PadRight(16)).Append(e.Calls).Append((byte)'\n');
        }
    }
}
