using Sharpdig.Decode;

namespace Sharpdig.State;

/// <summary>Thread lifecycle: clone/fork/vfork, execve, procexit, chdir.</summary>
public sealed partial class StateParser
{
    void ParseClone(Event e)
    {
        long childTid = e.ParamInt64(0);
        if (childTid < 0) return;
        var info = e.Info;
        int P(string name) => info.ParamIndex(name);
        ThreadInfo? parent = e.Thread;
        if (childTid == 0)
        {
            // The child's return: fill it in from the event if the parent's exit has not created it.
            long tid = e.Tid;
            if (threads.Find(tid) is { } existing && existing.FromEvent) return;
            var child = BuildChild(e, tid, threads.Find(e.ParamInt64(P("ptid"))));
            threads.Add(child);
            e.Thread = child;
            return;
        }
        if (threads.Find(childTid) is { } already && already.FromEvent) return;
        var newThread = BuildChild(e, childTid, parent);
        threads.Add(newThread);
    }

    ThreadInfo BuildChild(Event e, long tid, ThreadInfo? parent)
    {
        var info = e.Info;
        int P(string name) => info.ParamIndex(name);
        uint flags = P("flags") >= 0 ? e.ParamUInt32(P("flags")) : 0;
        long pid = e.ParamInt64(P("pid"));
        long ptid = e.ParamInt64(P("ptid"));
        var t = new ThreadInfo
        {
            Tid = tid,
            Pid = (flags & CloneFlags.Thread) != 0 ? pid : tid,
            Ptid = (flags & CloneFlags.Thread) != 0 ? ptid : e.Tid == tid ? ptid : e.Tid,
            Comm = P("comm") >= 0 ? Text(e.ParamString(P("comm"))) : Text(e.ParamString(P("exe"))),
            Exe = Text(e.ParamString(P("exe"))),
            Args = SplitNul(e.Param(P("args"))),
            Flags = flags,
            FdLimit = P("fdlimit") >= 0 ? e.ParamInt64(P("fdlimit")) : 0,
            FromEvent = true,
            CloneTs = e.Timestamp,
        };
        if (P("uid") >= 0) t.Uid = e.ParamUInt32(P("uid"));
        if (P("gid") >= 0) t.Gid = e.ParamUInt32(P("gid"));
        if (P("vtid") >= 0) t.Vtid = e.ParamInt64(P("vtid"));
        if (P("vpid") >= 0) t.Vpid = e.ParamInt64(P("vpid"));
        if (P("cgroups") >= 0)
        {
            t.Cgroups = ParseCgroups(SplitNul(e.Param(P("cgroups"))));
            t.ContainerId = Containers.IdFromCgroups(t.Cgroups);
        }
        if (parent != null)
        {
            t.ExePath = parent.ExePath;
            t.Env = parent.Env;
            t.Sid = parent.Sid;
            t.Vpgid = parent.Vpgid;
            t.LoginUid = parent.LoginUid;
            t.Root = parent.Root;
            if (P("uid") < 0) { t.Uid = parent.Uid; t.Gid = parent.Gid; }
            if ((flags & CloneFlags.Files) == 0) t.OwnFds.CopyFrom(parent.Fds);
            t.SetOwnCwd(parent.Cwd);
        }
        if (t.OwnCwd.Length == 0 && P("cwd") >= 0) t.SetOwnCwd(WithTrailingSlash(Text(e.ParamString(P("cwd")))));
        return t;
    }

    static string Text(ReadOnlySpan<byte> s) => System.Text.Encoding.UTF8.GetString(s);

    void ParseExecve(Event e)
    {
        var t = e.Thread;
        if (t == null || e.ParamInt64(0) < 0) return;
        var info = e.Info;
        int P(string name) => info.ParamIndex(name);
        t.Exe = Text(e.ParamString(P("exe")));
        t.Args = SplitNul(e.Param(P("args")));
        if (P("comm") >= 0) t.Comm = Text(e.ParamString(P("comm")));
        if (P("cwd") >= 0 && e.Param(P("cwd")).Length > 0) t.Cwd = WithTrailingSlash(Text(e.ParamString(P("cwd"))));
        if (P("env") >= 0) t.Env = SplitNul(e.Param(P("env")));
        if (P("cgroups") >= 0)
        {
            t.Cgroups = ParseCgroups(SplitNul(e.Param(P("cgroups"))));
            t.ContainerId = Containers.IdFromCgroups(t.Cgroups);
        }
        if (P("tty") >= 0) t.Tty = (uint)e.ParamInt64(P("tty"));
        if (P("loginuid") >= 0) t.LoginUid = e.ParamUInt32(P("loginuid"));
        t.LastExecTs = e.Timestamp;
    }

    void ParseProcExit(Event e)
    {
        if (e.Thread is { } t) t.Flags |= CloneFlags.Closed;
    }

    void ParseChdir(Event e)
    {
        var t = e.Thread;
        if (t == null || e.ParamInt64(0) < 0) return;
        var path = e.ParamString(1);
        t.Cwd = WithTrailingSlash(PathText.Join(t.Cwd, path));
    }
}
