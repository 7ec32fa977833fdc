using System.Text;
using Sharpdig.Driver.Snapshot;
using Sharpdig.Engine;
using Sharpdig.State;

namespace Sharpdig.Cli;

/// <summary>
/// The engine's current state as snapshot blocks: what a rotated -w file starts with, so each file
/// stands alone (as sysdig writes its thread table into each new file).
/// </summary>
static class StateSnapshot
{
    public static SystemSnapshot Of(Inspector inspector)
    {
        var source = inspector.Snapshot;
        var s = new SystemSnapshot { Machine = source.Machine, HasUserList = source.HasUserList };
        s.Users.AddRange(source.Users);
        s.Groups.AddRange(source.Groups);
        s.Interfaces.AddRange(source.Interfaces);
        foreach (var t in inspector.Threads.All)
        {
            if (t.Tid <= 0) continue;   // placeholders (the idle task of switch events), not threads sysdig lists
            var r = new ThreadRecord
            {
                Tid = t.Tid, Pid = t.Pid, Ptid = t.Ptid, Sid = t.Sid, Vpgid = t.Vpgid, Vtid = t.Vtid, Vpid = t.Vpid,
                Comm = t.Comm, Exe = t.Exe, ExePath = t.ExePath, Cwd = t.OwnCwd, Root = t.Root,
                Args = Joined(t.Args), Env = Joined(t.Env),
                Cgroups = Joined(t.Cgroups.Select(c => c.Subsystem + "=" + c.Path)),
                FdLimit = (ulong)t.FdLimit, Flags = t.Flags, Uid = t.Uid, Gid = t.Gid, LoginUid = t.LoginUid,
                VmSizeKb = t.VmSizeKb, VmRssKb = t.VmRssKb, VmSwapKb = t.VmSwapKb, PfMajor = t.PfMajor, PfMinor = t.PfMinor,
                Tty = (uint)t.Tty,
            };
            foreach (var (number, fd) in t.OwnFds.All)
                r.Fds.Add(new FdRecord
                {
                    Fd = number, Ino = fd.Ino, Kind = fd.Kind, Name = fd.Name, OpenFlags = fd.OpenFlags, Dev = fd.Dev,
                    SourceIp = fd.SourceIp.ToArray(), DestIp = fd.DestIp.ToArray(), SourcePort = fd.SourcePort, DestPort = fd.DestPort,
                    L4Proto = (byte)fd.L4, UnixSource = fd.UnixSource, UnixDest = fd.UnixDest,
                });
            s.Threads.Add(r);
        }
        return s;
    }

    /// <summary>Strings as a capture stores them: each ended by a NUL.</summary>
    static byte[] Joined(IEnumerable<string> parts)
    {
        var sb = new StringBuilder();
        foreach (var p in parts) sb.Append(p).Append('\0');
        return Encoding.UTF8.GetBytes(sb.ToString());
    }
}
