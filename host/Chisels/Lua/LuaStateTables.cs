using Sharpdig.Decode;
using Sharpdig.Driver;
using Sharpdig.Driver.Events;
using Sharpdig.Driver.Snapshot;
using Sharpdig.Engine;
using Sharpdig.Fields;
using Sharpdig.State;
using static Sharpdig.Chisels.Lua.LuaNative;

namespace Sharpdig.Chisels.Lua;

/// <summary>
/// sysdig.get_thread_table and get_container_table: the engine's state as Lua tables. As in sysdig, an
/// fd is seen through a stand-in read event of its thread, so the fd's fields (and the optional filter)
/// are the same ones events show.
/// </summary>
static class LuaStateTables
{
    /// <summary>
    /// {tid = {tid, pid, ptid, comm, exe, ..., args, env, fdtable = {fd = {name, type, cip, sip, ...}}}};
    /// barebone tables have tid, pid and fdtable only, nofds tables an empty fdtable. With a filter
    /// argument, only threads with an fd that passes it, and only those fds.
    /// </summary>
    public static int Threads(LuaChisel c, nint L, bool fds, bool barebone)
    {
        Func<Event, bool>? filter = null;
        if (lua_isstring(L, 1) != 0 && LuaNative.ToString(L, 1) is { Length: > 0 } text)
            filter = ChiselFilter.CompileForThreadTable(text, $"invalid filter argument for get_thread_table in chisel {c.Name}: ");
        lua_createtable(L, 0, 0);
        if (c.Session.Inspector is not { } inspector) return 1;
        var probe = new FdProbe(inspector);
        foreach (var t in inspector.Threads.All)
        {
            if (t.Fds is not { } table) continue;
            if (filter != null && !table.All.Any(fd => probe.Matches(t, fd.Key, fd.Value, filter))) continue;
            lua_createtable(L, 0, barebone ? 3 : 24);
            Number(L, "tid", (uint)t.Tid);
            Number(L, "pid", (uint)t.Pid);
            if (!barebone) ThreadProperties(L, t, probe);
            lua_createtable(L, 0, 0);
            if (fds)
                foreach (var (number, fd) in table.All)
                {
                    if (filter != null && !probe.Matches(t, number, fd, filter)) continue;
                    FdEntry(L, probe, t, number, fd, barebone);
                    lua_rawseti(L, -2, (uint)number);
                }
            SetField(L, "fdtable");
            lua_rawseti(L, -2, (uint)t.Tid);
        }
        return 1;
    }

    static void ThreadProperties(nint L, ThreadInfo t, FdProbe probe)
    {
        Number(L, "ptid", (uint)t.Ptid);
        Text(L, "comm", t.Comm);
        Text(L, "exe", t.Exe);
        Number(L, "flags", t.Flags);
        Number(L, "fdlimit", (uint)t.FdLimit);
        Number(L, "uid", t.Uid);
        Number(L, "gid", t.Gid);
        Number(L, "nchilds", (uint)t.Children);
        Number(L, "vmsize_kb", t.VmSizeKb);
        Number(L, "vmrss_kb", t.VmRssKb);
        Number(L, "vmswap_kb", t.VmSwapKb);
        Number(L, "pfmajor", (uint)t.PfMajor);
        Number(L, "pfminor", (uint)t.PfMinor);
        Text(L, "clone_ts", t.CloneTs.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Text(L, "username", probe.Text(t, -1, null, probe.UserName) ?? "<NA>");
        List(L, "args", t.Args);
        List(L, "env", t.Env);
    }

    static void FdEntry(nint L, FdProbe probe, ThreadInfo t, long number, FdInfo fd, bool barebone)
    {
        lua_createtable(L, 0, 8);
        if (!barebone)
        {
            Text(L, "name", Sanitizer.Clean(fd.Name));
            Text(L, "type", probe.Text(t, number, fd, probe.FdType) ?? "<NA>");
        }
        if (SocketEnds.Of(fd) is not { } socket) return;
        if (socket.ClientIp != null)
        {
            Text(L, "cip", socket.ClientIp);
            Number(L, "cport", socket.ClientPort);
        }
        Text(L, "sip", socket.ServerIp);
        Number(L, "sport", socket.ServerPort);
        lua_pushboolean(L, socket.IsServer ? 1 : 0);
        SetField(L, "is_server");
        Text(L, "l4proto", socket.L4Proto);
    }

    /// <summary>{ {id, name, image, type}, ... } in the order the engine keeps them.</summary>
    public static int Containers(LuaChisel c, nint L)
    {
        lua_createtable(L, 0, 0);
        int j = 0;
        foreach (var (id, name, image, type) in StateProbe.Containers(c.Session.Inspector))
        {
            lua_createtable(L, 0, 4);
            Text(L, "id", id);
            Text(L, "name", name);
            Text(L, "image", image);
            Text(L, "type", type);
            lua_rawseti(L, -2, ++j);
        }
        return 1;
    }

    static void Number(nint L, string key, ulong value)
    {
        LuaValues.PushUnsigned(L, value);
        SetField(L, key);
    }

    static void Text(nint L, string key, string value)
    {
        PushString(L, value);
        SetField(L, key);
    }

    static void List(nint L, string key, List<string> values)
    {
        lua_createtable(L, values.Count, 0);
        for (int j = 0; j < values.Count; j++)
        {
            PushString(L, values[j]);
            lua_rawseti(L, -2, j + 1);
        }
        SetField(L, key);
    }
}
