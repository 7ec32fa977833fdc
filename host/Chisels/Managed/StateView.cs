using Sharpdig.Decode;
using Sharpdig.Sdk;

namespace Sharpdig.Chisels.Managed;

/// <summary>The engine's threads and their fds as the SDK's <see cref="ThreadSnapshot"/> (sysdig's get_thread_table).</summary>
static class StateView
{
    public static IReadOnlyList<ThreadSnapshot> Threads(ManagedChisel owner, string? filterText)
    {
        Func<Event, bool>? filter = string.IsNullOrEmpty(filterText) ? null
            : ChiselFilter.CompileForThreadTable(filterText, $"invalid filter argument for get_thread_table in chisel {owner.Name}: ");
        var list = new List<ThreadSnapshot>();
        if (owner.Session.Inspector is not { } inspector) return list;
        var probe = new FdProbe(inspector);
        foreach (var t in inspector.Threads.All.OrderBy(t => t.Tid))
        {
            if (t.Fds is not { } table) continue;
            var fds = new List<FdSnapshot>();
            foreach (var (number, fd) in table.All.OrderBy(f => f.Key))
            {
                if (filter != null && !probe.Matches(t, number, fd, filter)) continue;
                var socket = SocketEnds.Of(fd);
                fds.Add(new FdSnapshot
                {
                    Number = number,
                    Name = Sanitizer.Clean(fd.Name),
                    Type = probe.Text(t, number, fd, probe.FdType) ?? "<NA>",
                    L4Proto = socket?.L4Proto,
                    ClientIp = socket?.ClientIp,
                    ClientPort = socket?.ClientIp != null ? socket.Value.ClientPort : null,
                    ServerIp = socket?.ServerIp,
                    ServerPort = socket?.ServerPort,
                    IsServer = socket?.IsServer ?? false,
                });
            }
            if (filter != null && fds.Count == 0) continue;
            list.Add(new ThreadSnapshot
            {
                Tid = t.Tid,
                Pid = t.Pid,
                Ptid = t.Ptid,
                Comm = t.Comm,
                Exe = t.Exe,
                Args = t.Args.ToArray(),
                Env = t.Env.ToArray(),
                Uid = t.Uid,
                Gid = t.Gid,
                UserName = probe.Text(t, -1, null, probe.UserName) ?? "<NA>",
                Flags = t.Flags,
                FdLimit = t.FdLimit,
                Children = t.Children,
                VmSizeKb = t.VmSizeKb,
                VmRssKb = t.VmRssKb,
                VmSwapKb = t.VmSwapKb,
                PageFaultsMajor = t.PfMajor,
                PageFaultsMinor = t.PfMinor,
                CloneTimestamp = t.CloneTs,
                Fds = fds,
            });
        }
        return list;
    }
}
