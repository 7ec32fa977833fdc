using System.Runtime.CompilerServices;
using Sharpdig.Decode;
using Sharpdig.Output;
using Sharpdig.State;

namespace Sharpdig.Fields;

/// <summary>proc.* and thread.* fields: the process and thread that generated the event.</summary>
static class ThreadFields
{
    public static void Register(Dictionary<string, FieldImplementation> d)
    {
        d.Add("proc.pid", i => new IntField(i, e => e.Thread?.Pid));
        d.Add("proc.exe", i => new StringField(i, e => e.Thread?.Exe));
        d.Add("proc.name", i => new StringField(i, e => e.Thread?.Comm));
        d.Add("proc.args", i => new WrittenField(i, (e, o) => e.Thread is { } t && AppendJoined(o, t.Args)));
        d.Add("proc.env", i => new WrittenField(i, (e, o) => e.Thread is { } t && AppendJoined(o, Environment(t))));
        d.Add("proc.cmdline", i => new WrittenField(i, (e, o) => e.Thread is { } t && AppendCommandLine(o, t)));
        d.Add("proc.exeline", i => new WrittenField(i, (e, o) =>
            e.Thread is { } t && AppendJoined(o.Append(t.Exe).Append((byte)' '), t.Args)));
        d.Add("proc.cwd", i => new StringField(i, e => e.Thread?.Cwd));
        d.Add("proc.nthreads", i => new IntField(i, e => e.Thread?.MainThread is { } m ? m.Children + 1 : null));
        d.Add("proc.nchilds", i => new IntField(i, e => e.Thread?.Children));
        d.Add("proc.ppid", i => new IntField(i, e => e.Thread?.MainThread?.Ptid));
        d.Add("proc.pname", i => new StringField(i, e => e.Thread?.Parent?.Comm));
        d.Add("proc.pcmdline", i => new WrittenField(i, (e, o) => e.Thread?.Parent is { } p && AppendCommandLine(o, p)));
        d.Add("proc.apid", (FieldInfo i, FieldText t, out int consumed) => AncestorField.Parse(i, t, out consumed, names: false));
        d.Add("proc.aname", (FieldInfo i, FieldText t, out int consumed) => AncestorField.Parse(i, t, out consumed, names: true));
        d.Add("proc.loginshellid", i => new IntField(i, e => e.Thread is { } t ? LoginShell(t) : null));
        d.Add("proc.duration", i => new IntField(i, e =>
            e.Thread is { CloneTs: not 0 } t ? (long)(e.Timestamp - t.CloneTs) : null));
        d.Add("proc.fdopencount", i => new IntField(i, e => e.Thread is { } t ? t.FdOpenCount : null));
        d.Add("proc.fdlimit", i => new IntField(i, e => e.Thread is { } t ? FdLimit(t) : null));
        d.Add("proc.fdusage", i => new DoubleField(i, e => e.Thread is { } t ? FdUsage(t) : null));
        d.Add("proc.vmsize", i => new IntField(i, e => e.Thread?.VmSizeKb));
        d.Add("proc.vmrss", i => new IntField(i, e => e.Thread?.VmRssKb));
        d.Add("proc.vmswap", i => new IntField(i, e => e.Thread?.VmSwapKb));
        d.Add("thread.pfmajor", i => new IntField(i, e => (long?)e.Thread?.PfMajor));
        d.Add("thread.pfminor", i => new IntField(i, e => (long?)e.Thread?.PfMinor));
        d.Add("thread.tid", i => new IntField(i, e => e.Tid));
        d.Add("thread.ismain", i => new IntField(i, e => e.Thread is { } t ? (t.IsMainThread ? 1 : 0) : null));
        d.Add("thread.exectime", i => new ExecTimeField(i, total: false));
        d.Add("thread.totexectime", i => new ExecTimeField(i, total: true));
        d.Add("thread.cgroups", i => new WrittenField(i, (e, o) => e.Thread is { Cgroups.Count: > 0 } t && AppendCgroups(o, t)));
        d.Add("thread.cgroup", ParseCgroup);
        d.Add("thread.vtid", i => new IntField(i, e => e.Thread is { Vtid: not -1 } t ? t.Vtid : null));
        d.Add("proc.vpid", i => new IntField(i, e => e.Thread is { Vpid: not -1 } t ? t.Vpid : null));
        d.Add("thread.cpu", i => new ThreadCpuField(i, user: true, system: true));
        d.Add("thread.cpu.user", i => new ThreadCpuField(i, user: true, system: false));
        d.Add("thread.cpu.system", i => new ThreadCpuField(i, user: false, system: true));
        d.Add("thread.vmsize", i => new IntField(i, e => e.Thread is { } t ? (t.IsMainThread ? t.VmSizeKb : 0) : null));
        d.Add("thread.vmrss", i => new IntField(i, e => e.Thread is { } t ? (t.IsMainThread ? t.VmRssKb : 0) : null));
        d.Add("thread.vmsize.b", i => new IntField(i, e => e.Thread is { } t ? (t.IsMainThread ? t.VmSizeKb * 1024L : 0) : null));
        d.Add("thread.vmrss.b", i => new IntField(i, e => e.Thread is { } t ? (t.IsMainThread ? t.VmRssKb * 1024L : 0) : null));
        d.Add("proc.sid", i => new IntField(i, e => e.Thread?.Sid));
        d.Add("proc.sname", i => new StringField(i, e => e.Thread is { } t ? SessionLeader(e, t)?.Comm : null));
        d.Add("proc.tty", i => new IntField(i, e => e.Thread is { } t ? (int)t.Tty : null));
        d.Add("proc.exepath", i => new StringField(i, e => e.Thread?.ExePath));
        d.Add("thread.nametid", i => new WrittenField(i, (e, o) =>
        {
            if (e.Thread is not { } t) return false;
            o.Append(t.Comm).Append(e.Tid);
            return true;
        }));
        d.Add("proc.vpgid", i => new IntField(i, e => e.Thread?.Vpgid));
        d.Add("proc.is_container_healthcheck", i => new IntField(i, e => IsCategory(e, ThreadCategory.Healthcheck)));
        d.Add("proc.is_container_liveness_probe", i => new IntField(i, e => IsCategory(e, ThreadCategory.LivenessProbe)));
        d.Add("proc.is_container_readiness_probe", i => new IntField(i, e => IsCategory(e, ThreadCategory.ReadinessProbe)));
        d.Add("proc.is_exe_writable", i => new IntField(i, e => e.Thread is { } t ? (t.ExeWritable ? 1 : 0) : null));
    }

    static long? IsCategory(Event e, ThreadCategory c) => e.Thread is { } t ? (t.Category == c ? 1 : 0) : null;

    static bool AppendJoined(TextBuffer o, List<string> items)
    {
        for (int j = 0; j < items.Count; j++)
        {
            if (j > 0) o.Append((byte)' ');
            o.Append(items[j]);
        }
        return true;
    }

    /// <summary>proc.name followed by each argument.</summary>
    static bool AppendCommandLine(TextBuffer o, ThreadInfo t)
    {
        o.Append(t.Comm);
        foreach (var a in t.Args) o.Append((byte)' ').Append(a);
        return true;
    }

    static bool AppendCgroups(TextBuffer o, ThreadInfo t)
    {
        for (int j = 0; j < t.Cgroups.Count; j++)
        {
            if (j > 0) o.Append((byte)' ');
            o.Append(t.Cgroups[j].Subsystem).Append((byte)'=').Append(t.Cgroups[j].Path);
        }
        return true;
    }

    /// <summary>The environment is the process's: threads other than the main one show the main thread's.</summary>
    static List<string> Environment(ThreadInfo t) => t.IsMainThread ? t.Env : t.MainThread?.Env ?? t.Env;

    static long FdLimit(ThreadInfo t) => t.MainThread?.FdLimit ?? -1;

    static double FdUsage(ThreadInfo t)
    {
        long limit = FdLimit(t);
        if (limit <= 0) return 0;
        long open = t.FdOpenCount;
        return open <= limit ? open * 100.0 / limit : 100;
    }

    /// <summary>The pid of the oldest process among the process and its ancestors whose name ends in "sh".</summary>
    static long? LoginShell(ThreadInfo t)
    {
        var main = t.MainThread;
        if (main == null) return null;
        long? shell = null;
        if (main.Comm.EndsWith("sh", StringComparison.Ordinal)) shell = main.Pid;
        Ancestry.Visit(main, p =>
        {
            if (p.Comm.EndsWith("sh", StringComparison.Ordinal)) shell = p.Pid;
            return true;
        });
        return shell;
    }

    /// <summary>The session leader: the process whose pid is the session id, else the eldest ancestor in the session.</summary>
    static ThreadInfo? SessionLeader(Event e, ThreadInfo t)
    {
        if (e.Inspector.Threads.Find(t.Sid) is { } leader) return leader;
        var main = t.MainThread;
        if (main == null) return null;
        long sid = main.Sid;
        var eldest = main;
        Ancestry.Visit(main, p =>
        {
            if (p.Sid != sid) return false;
            eldest = p;
            return true;
        });
        return eldest;
    }

    /// <summary>thread.cgroup.SUBSYSTEM (letters and underscores).</summary>
    static Field ParseCgroup(FieldInfo info, FieldText t, out int consumed)
    {
        int n = t.NameLength;
        if (t.At(n) != '.') throw Arguments.SyntaxError(t);
        int end = n + 1;
        while (t.At(end) is var c && (char.IsAsciiLetter(c) || c == '_')) end++;
        consumed = end;
        string subsystem = t.Text.Substring(t.Start + n + 1, end - n - 1);
        return new StringField(info, e =>
        {
            if (e.Thread is not { } th) return null;
            foreach (var (s, path) in th.Cgroups)
                if (s == subsystem) return path;
            return null;
        });
    }
}

/// <summary>Walks a thread's ancestors (parent, grandparent...) as sysdig does, stopping at loops.</summary>
static class Ancestry
{
    /// <summary>Calls <paramref name="visit"/> for each ancestor until it returns false.</summary>
    public static void Visit(ThreadInfo start, Func<ThreadInfo, bool> visit)
    {
        // Floyd's cycle detection, as sinsp's traverse_parent_state.
        var slow = start.Parent;
        var fast = slow?.Parent;
        while (slow != null && slow.Tid != -1)
        {
            if (!visit(slow)) return;
            slow = slow.Parent;
            for (int i = 0; i < 2; i++)
            {
                fast = fast?.Parent;
                if (slow != null && (slow == fast || slow.Tid == slow.Ptid)) return;
            }
        }
    }
}

/// <summary>
/// proc.apid[N] / proc.aname[N]: the pid or name of the Nth ancestor process (0 is the process itself).
/// Without an index (filters only) the field stands for every ancestor.
/// </summary>
sealed class AncestorField(FieldInfo info, int depth, bool names) : Field(info)
{
    ThreadInfo? current;

    public static Field Parse(FieldInfo info, FieldText t, out int consumed, bool names)
    {
        int depth = 0;
        try
        {
            if (t.At(t.NameLength) != '[') throw Arguments.SyntaxError(t);
            depth = Arguments.ParseInt32(Arguments.Bracket(t, out consumed));
        }
        catch (FieldException)
        {
            // sysdig swallows the error: the bare name means "any ancestor"; anything else uses no text.
            bool bare = t.Rest == info.Name;
            depth = bare ? -1 : 0;
            consumed = bare ? t.NameLength : 0;
        }
        return new AncestorField(info, depth, names);
    }

    ThreadInfo? Ancestor(Event e)
    {
        if (current != null) return current;
        var p = e.Thread?.MainThread;
        for (int j = 0; j < depth && p != null; j++) p = p.Parent;
        return p;
    }

    public override bool TryGetInt(Event e, out long value)
    {
        var p = names ? null : Ancestor(e);
        value = p?.Pid ?? 0;
        return p != null;
    }

    public override bool TryGetString(Event e, out string value)
    {
        var p = names ? Ancestor(e) : null;
        value = p?.Comm ?? "";
        return p != null;
    }

    public override bool AnyValue(Event e, Predicate<Field> match)
    {
        if (depth != -1) return base.AnyValue(e, match);
        var main = e.Thread?.MainThread;
        if (main == null) return false;
        bool found = false;
        try
        {
            Ancestry.Visit(main, p =>
            {
                current = p;
                found = match(this);
                return !found;
            });
        }
        finally
        {
            current = null;
        }
        return found;
    }
}

/// <summary>
/// thread.exectime: for switch events, the time since the previous switch on the same CPU;
/// thread.totexectime: those times summed per thread (0 for other events).
/// </summary>
sealed class ExecTimeField(FieldInfo info, bool total) : Field(info)
{
    readonly Dictionary<int, ulong> lastSwitch = new();
    readonly ConditionalWeakTable<ThreadInfo, StrongBox<ulong>> totals = new();

    public override bool TryGetInt(Event e, out long value)
    {
        ulong delta = 0;
        if (e.Type is EventTypes.SchedSwitch1E or EventTypes.SchedSwitch6E)
        {
            ulong ts = e.Timestamp;
            if (lastSwitch.TryGetValue(e.Cpu, out ulong last) && last != 0) delta = ts - last;
            lastSwitch[e.Cpu] = ts;
        }
        value = (long)delta;
        if (!total) return true;
        if (e.Thread == null) return false;
        var sum = totals.GetValue(e.Thread, _ => new StrongBox<ulong>());
        sum.Value += delta;
        value = (long)sum.Value;
        return true;
    }
}

/// <summary>thread.cpu*: for procinfo events, the CPU time the thread used since its previous procinfo (capped at 100).</summary>
sealed class ThreadCpuField(FieldInfo info, bool user, bool system) : Field(info)
{
    readonly ConditionalWeakTable<ThreadInfo, StrongBox<ulong>> lastTotals = new();

    public override bool TryGetDouble(Event e, out double value)
    {
        value = 0;
        if (e.Type != EventTypes.ProcInfoE || e.Thread == null) return false;
        ulong now = (user ? e.ParamUInt64(0) : 0) + (system ? e.ParamUInt64(1) : 0);
        var last = lastTotals.GetValue(e.Thread, _ => new StrongBox<ulong>());
        if (last.Value != 0) value = Math.Min(100, (double)(now - last.Value));
        last.Value = now;
        return true;
    }
}
