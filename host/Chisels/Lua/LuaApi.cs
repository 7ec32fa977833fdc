using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using static Sharpdig.Chisels.Lua.LuaNative;

namespace Sharpdig.Chisels.Lua;

/// <summary>
/// The chisel API as raw Lua C functions. Each API function is an ordinary static method; one native
/// entry point (<see cref="Dispatch"/>) finds it by the number in its closure's second upvalue, and
/// evt.field, which runs for every event, has an entry of its own. Every closure's first upvalue is
/// its chisel. The Lua prelude builds the chisel, sysdig and evt tables over them.
/// </summary>
/// <remarks>
/// A function that fails returns the error marker and a message instead of raising: the chisel keeps
/// the exception (<see cref="LuaChisel.SetPending"/>), the prelude's wrappers raise a Lua error so the
/// script stops, and the callback rethrows once Lua has returned.
/// </remarks>
static unsafe partial class LuaApi
{
    delegate int Handler(LuaChisel chisel, nint L);

    /// <summary>The value failed calls return first; a light userdata nothing else can equal.</summary>
    static readonly nint ErrorMarker = 1;

    static readonly (string Table, string Name, Handler Handler)[] Functions =
    [
        ("chisel", "request_field", RequestField),
        ("chisel", "set_filter", SetChiselFilter),
        ("chisel", "set_event_formatter", SetEventFormatter),
        ("chisel", "set_interval_ns", SetIntervalNs),
        ("chisel", "set_interval_s", SetIntervalS),
        ("chisel", "set_precise_interval_ns", SetPreciseIntervalNs),
        ("chisel", "exec", Exec),
        ("sysdig", "set_filter", SetGlobalFilter),
        ("sysdig", "set_snaplen", SetSnaplen),
        ("sysdig", "set_output_format", SetOutputFormat),
        ("sysdig", "set_fatfile_dump_mode", Ignore),
        ("sysdig", "is_live", IsLive),
        ("sysdig", "is_tty", IsTty),
        ("sysdig", "get_terminal_info", GetTerminalInfo),
        ("sysdig", "get_filter", GetFilter),
        ("sysdig", "get_machine_info", GetMachineInfo),
        ("sysdig", "get_thread_table", GetThreadTable),
        ("sysdig", "get_thread_table_nofds", GetThreadTableNoFds),
        ("sysdig", "get_thread_table_barebone", GetThreadTableBarebone),
        ("sysdig", "get_thread_table_barebone_nofds", GetThreadTableBareboneNoFds),
        ("sysdig", "get_container_table", GetContainerTable),
        ("sysdig", "is_print_container_data", IsPrintContainerData),
        ("sysdig", "get_output_format", GetOutputFormat),
        ("sysdig", "get_evtsource_name", GetEventSourceName),
        ("sysdig", "get_firstevent_ts", GetFirstEventTs),
        ("sysdig", "get_lastevent_ts", GetLastEventTs),
        ("sysdig", "make_ts", MakeTs),
        ("sysdig", "add_ts", AddTs),
        ("sysdig", "subtract_ts", SubtractTs),
        ("sysdig", "run_app", RunApp),
        ("sysdig", "end_capture", EndCapture),
        ("sysdig", "log", Log),
        ("sysdig", "udp_setpeername", UdpSetPeerName),
        ("sysdig", "udp_send", UdpSend),
        ("sysdig", "get_read_progress", GetReadProgress),
        ("evt", "get_num", GetNum),
        ("evt", "get_ts", GetTs),
        ("evt", "get_type", GetEventType),
        ("evt", "get_cpuid", GetCpuId),
        ("io", "out", Out),
        ("io", "flush", Flush),
        ("os", "exit", Exit),
    ];

    static readonly byte[] Prelude = LoadPrelude();
    /// <summary>The prelude's chunk name, as Lua locations show it.</summary>
    public const string PreludeName = "chisel-prelude";

    static byte[] LoadPrelude()
    {
        using var stream = typeof(LuaApi).Assembly.GetManifestResourceStream("chisel-prelude.lua")!;
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return bytes.ToArray();
    }

    /// <summary>
    /// Gives a new state the API and the chisel directories on package.path, and leaves the prelude's
    /// message handler (which adds a Lua traceback to errors) at stack slot 1.
    /// </summary>
    public static void Install(LuaChisel chisel)
    {
        nint L = chisel.State;
        nint self = chisel.Handle;
        lua_createtable(L, 0, 4);
        string? table = null;
        for (int id = 0; id < Functions.Length; id++)
        {
            var f = Functions[id];
            if (f.Table != table)
            {
                if (table != null) SetField(L, table);
                table = f.Table;
                lua_createtable(L, 0, 16);
            }
            lua_pushlightuserdata(L, self);
            lua_pushinteger(L, id);
            lua_pushcclosure(L, &Dispatch, 2);
            SetField(L, f.Name);
        }
        SetField(L, table!);
        GetField(L, -1, "evt\0"u8);
        lua_pushlightuserdata(L, self);
        lua_pushcclosure(L, &Field, 1);
        SetField(L, "field");
        Pop(L, 1);

        lua_pushlightuserdata(L, ErrorMarker);
        PushString(L, string.Concat(chisel.Session.SearchPath.Directories.Select(d => ";" + d + "?.lua")));
        int status;
        fixed (byte* code = Prelude)
        fixed (byte* name = "=chisel-prelude\0"u8)
            status = luaL_loadbuffer(L, code, (nuint)Prelude.Length, name);
        if (status == LUA_OK)
        {
            lua_insert(L, 1);
            status = PCall(L, 3, 1, 0);
        }
        if (status != LUA_OK) throw new InvalidOperationException("chisel prelude: " + LuaNative.ToString(L, -1));
    }

    /// <summary>The chisel a callback belongs to: every API closure carries it as its first upvalue.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static LuaChisel ChiselOf(nint L) => LuaChisel.FromHandle(lua_touserdata(L, UpvalueIndex(1)));

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    static int Dispatch(nint L)
    {
        try
        {
            int id = (int)lua_tointeger(L, UpvalueIndex(2));
            return Functions[id].Handler(ChiselOf(L), L);
        }
        catch (Exception e)
        {
            return Fail(L, e);
        }
    }

    static int Fail(nint L, Exception e)
    {
        ChiselOf(L).SetPending(L, e);
        lua_pushlightuserdata(L, ErrorMarker);
        PushString(L, e.Message);
        return 2;
    }

    static int Ignore(LuaChisel c, nint L) => 0;

    /// <summary>The prelude's print and io.write: strings (numbers already made text) go to the run's output.</summary>
    static int Out(LuaChisel c, nint L)
    {
        var output = c.Session.Output;
        int n = lua_gettop(L);
        for (int i = 1; i <= n; i++) output.Append(ToBytes(L, i, out _));
        c.Session.Sink.MaybeFlush();
        return 0;
    }

    static int Flush(LuaChisel c, nint L)
    {
        c.Session.Sink.Flush();
        return 0;
    }

    /// <summary>os.exit: the output so far is kept and the program ends with the status (true or none: 0, false: 1).</summary>
    static int Exit(LuaChisel c, nint L)
    {
        int code = lua_type(L, 1) switch
        {
            LUA_TNONE or LUA_TNIL => 0,
            LUA_TBOOLEAN => lua_toboolean(L, 1) != 0 ? 0 : 1,
            _ => (int)ToInteger(L, 1),
        };
        c.SetPending(L, new ChiselExitException(code));
        return 0;
    }

    static int Push(nint L, string? s)
    {
        if (s == null) lua_pushnil(L);
        else PushString(L, s);
        return 1;
    }

    static int Push(nint L, bool b)
    {
        lua_pushboolean(L, b ? 1 : 0);
        return 1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Decode.Event CurrentEvent(LuaChisel c, string function) =>
        c.CurrentEvent ?? throw new ChiselException($"invalid call to evt.{function}()");
}
