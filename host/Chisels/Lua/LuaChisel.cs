using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using System.Text;
using Sharpdig.Decode;
using Sharpdig.Output;
using static Sharpdig.Chisels.Lua.LuaNative;

namespace Sharpdig.Chisels.Lua;

/// <summary>
/// A chisel written in Lua, run unmodified: its own Lua state with the chisel API (chisel.*, sysdig.*,
/// evt.*), the chisel directories on package.path, and its callbacks called as sysdig calls them,
/// with sysdig's messages when they fail (plus the Lua location and traceback).
/// </summary>
sealed unsafe class LuaChisel : Chisel, IDisposable
{
    /// <summary>Stack slot of the message handler that adds a traceback to errors; every call runs above it.</summary>
    const int MessageHandler = 1;

    nint L;
    GCHandle self;
    string path;
    bool hasOnEvent;
    Exception? pending;
    /// <summary>Fields the chisel requested; a handle is an index here plus one.</summary>
    internal readonly LuaFields Fields = new();
    /// <summary>Room for values built as text (addresses) on their way to Lua.</summary>
    internal readonly TextBuffer Scratch = new();
    /// <summary>Where sysdig.udp_send sends, once udp_setpeername said.</summary>
    internal UdpPeer? UdpPeer;
    /// <summary>A chisel.exec request from on_init: the chisel to become, with its arguments.</summary>
    internal string? ExecName;
    internal readonly List<string> ExecArguments = new();

    LuaChisel(ChiselSession session, string name, string path) : base(session, name, new ChiselInfo(name, "", "", "", []))
    {
        this.path = path;
        self = GCHandle.Alloc(this);
    }

    /// <summary>Loads and runs the script, as sysdig does when -c names it.</summary>
    public static LuaChisel Load(ChiselSession session, string name, string path)
    {
        var chisel = new LuaChisel(session, name, path);
        chisel.Open();
        return chisel;
    }

    /// <summary>
    /// What -cl and -i show for a script; null when sysdig would not list it (it fails to load, has no
    /// short description or args table, or is hidden).
    /// </summary>
    public static ChiselInfo? Describe(ChiselSession session, string path)
    {
        using var chisel = new LuaChisel(session, System.IO.Path.GetFileNameWithoutExtension(path), path);
        try
        {
            chisel.Start();
            return chisel.ReadDescription();
        }
        catch (ChiselException)
        {
            return null;
        }
    }

    /// <summary>The chisel of a <see cref="Handle"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static LuaChisel FromHandle(nint handle) => Unsafe.As<LuaChisel>(GCHandle.FromIntPtr(handle).Target!);

    /// <summary>This chisel as a pointer for its Lua state's C closures, which find it there.</summary>
    internal nint Handle => GCHandle.ToIntPtr(self);

    internal nint State => L;

    public override bool HandlesEvents => hasOnEvent;

    /// <summary>Creates the state and runs the script's main chunk.</summary>
    void Start()
    {
        if (!LuaNative.Available) throw new ChiselException(MissingMessage);
        L = luaL_newstate();
        if (L == 0) throw new ChiselException($"Failed to load chisel {Name}: out of memory");
        luaL_openlibs(L);
        LuaApi.Install(this);

        byte[] script;
        try
        {
            script = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ChiselException($"can't open file {Name}");
        }
        int status;
        var chunkName = Encoding.UTF8.GetBytes("@" + path + "\0");
        fixed (byte* s = script)
        fixed (byte* n = chunkName)
            status = luaL_loadbuffer(L, s, (nuint)script.Length, n);
        if (status == LUA_OK) status = Call(0, 0, out _);
        ThrowPending(c => $"Failed to load chisel {c.Name}: ");
        if (status != LUA_OK) throw new ChiselException($"Failed to load chisel {Name}: {PopError()}");
    }

    /// <summary>sysdig's load: the script runs, and its args table describes its arguments.</summary>
    void Open()
    {
        Start();
        if (GetGlobal(L, "args\0"u8) != LUA_TTABLE)
            throw new ChiselException($"Failed to load chisel {Name}: args table missing");
        Info = ReadInfo(Name, "", "", "");
        hasOnEvent = GetGlobal(L, "on_event\0"u8) == LUA_TFUNCTION;
        lua_settop(L, MessageHandler);
    }

    /// <summary>The listing entry: sysdig's rules for which scripts -cl shows.</summary>
    ChiselInfo? ReadDescription()
    {
        if (GetGlobal(L, "description\0"u8) != LUA_TSTRING)
            return GetGlobal(L, "view_info\0"u8) > LUA_TNIL ? new ChiselInfo(Name, "", "", "", [], IsView: true) : null;
        var description = LuaNative.ToString(L, -1)!;
        if (GetGlobal(L, "short_description\0"u8) != LUA_TSTRING) return null;
        var shortDescription = LuaNative.ToString(L, -1)!;
        var category = GetGlobal(L, "category\0"u8) == LUA_TSTRING ? LuaNative.ToString(L, -1)! : "";
        if (GetGlobal(L, "hidden\0"u8) == LUA_TBOOLEAN && lua_toboolean(L, -1) != 0) return null;
        if (GetGlobal(L, "args\0"u8) <= LUA_TNIL) return null;
        return ReadInfo(Name, category, shortDescription, description);
    }

    /// <summary>Reads the args table on top of the stack (an array of {name, argtype, description, optional}).</summary>
    ChiselInfo ReadInfo(string name, string category, string shortDescription, string description)
    {
        var arguments = new List<ChiselArgument>();
        int table = lua_gettop(L);
        lua_pushnil(L);
        while (lua_next(L, table) != 0)
        {
            if (lua_isstring(L, -1) != 0) description = LuaNative.ToString(L, -1)!;
            else if (lua_type(L, -1) == LUA_TTABLE) arguments.Add(ReadArgument());
            else throw new ChiselException($"Failed to load chisel {Name}: {KeyText()} is not a string");
            Pop(L, 1);
        }
        lua_settop(L, MessageHandler);
        return new ChiselInfo(name, category, shortDescription, description, arguments);
    }

    ChiselArgument ReadArgument()
    {
        string argName = "", type = "", description = "";
        bool optional = false;
        int entry = lua_gettop(L);
        lua_pushnil(L);
        while (lua_next(L, entry) != 0)
        {
            var key = KeyText();
            if (lua_isstring(L, -1) != 0)
            {
                var value = LuaNative.ToString(L, -1)!;
                if (key == "name") argName = value;
                else if (key == "argtype") type = value;
                else if (key == "description") description = value;
            }
            else if (lua_type(L, -1) == LUA_TBOOLEAN)
            {
                if (key == "optional") optional = lua_toboolean(L, -1) != 0;
            }
            else throw new ChiselException($"Failed to load chisel {Name}: {key} is not a string");
            Pop(L, 1);
        }
        return new ChiselArgument(argName, type, description, optional);
    }

    /// <summary>The key below the value on top of the stack, as text (without converting it in place).</summary>
    string KeyText()
    {
        lua_pushvalue(L, -2);
        var key = LuaNative.ToString(L, -1) ?? "";
        Pop(L, 1);
        return key;
    }

    protected override void SetArgument(string name, string value)
    {
        if (GetGlobal(L, "on_set_arg\0"u8) != LUA_TFUNCTION)
        {
            lua_settop(L, MessageHandler);
            throw new ChiselException($"chisel {Name} misses a set_arg() function.");
        }
        PushString(L, name);
        PushString(L, value);
        var result = CallChecked(2, c => $"{c.Name} chisel error: ");
        if (result != LUA_TBOOLEAN) throw new ChiselException($"{Name} chisel error: wrong set_arg() return value.");
        if (!PopBoolean()) throw new ChiselException($"set_arg() for chisel {Name} failed.");
    }

    public override void Init()
    {
        if (GetGlobal(L, "on_init\0"u8) != LUA_TFUNCTION)
        {
            lua_settop(L, MessageHandler);
            return;
        }
        var result = CallChecked(0, c => $"{c.Name}: error in init(): ");
        if (ExecName == null)
        {
            if (result != LUA_TBOOLEAN) throw new ChiselException($"{Name} chisel error: wrong init() return value.");
            if (!PopBoolean()) throw new ChiselException($"init() for chisel {Name} failed.");
            return;
        }
        lua_settop(L, MessageHandler);
        Become(ExecName, JoinArguments(ExecArguments));
    }

    /// <summary>chisel.exec: this chisel is replaced by another one, which gets the given arguments and is initialized.</summary>
    void Become(string name, string arguments)
    {
        var file = Session.SearchPath.Find(name + ".lua") ?? Session.SearchPath.Find(name)
            ?? throw new ChiselException($"can't open file {name}");
        CloseState();
        ResetSettings();
        Fields.Clear();
        ExecName = null;
        ExecArguments.Clear();
        Name = name;
        path = file;
        Open();
        SetArguments(arguments);
        Init();
    }

    public override void CaptureStart()
    {
        if (GetGlobal(L, "on_capture_start\0"u8) != LUA_TFUNCTION)
        {
            lua_settop(L, MessageHandler);
            return;
        }
        var result = CallChecked(0, c => $"{c.Name} chisel error: ");
        if (result != LUA_TBOOLEAN) throw new ChiselException($"{Name} chisel error: wrong on_capture_start() return value. Boolean expected.");
        if (!PopBoolean()) throw new ChiselException($"init() for chisel {Name} failed.");
    }

    public override bool OnEvent(Event e)
    {
        fixed (byte* name = "on_event\0"u8) lua_getfield(L, LUA_GLOBALSINDEX, name);
        if (lua_pcall(L, 0, 1, MessageHandler) != LUA_OK || pending != null) Fail(c => $"{c.Name} chisel error: ");
        return PopBoolean();
    }

    protected override bool OnInterval(ulong ts, ulong delta)
    {
        GetGlobal(L, "on_interval\0"u8);
        LuaValues.PushUnsigned(L, ts / 1_000_000_000);
        LuaValues.PushUnsigned(L, ts % 1_000_000_000);
        LuaValues.PushUnsigned(L, delta);
        CallChecked(3, c => $"{c.Name} chisel error: calling on_interval() failed:");
        return PopBoolean();
    }

    public override void CaptureEnd(ulong lastTs, ulong delta)
    {
        if (GetGlobal(L, "on_capture_end\0"u8) != LUA_TFUNCTION)
        {
            lua_settop(L, MessageHandler);
            return;
        }
        LuaValues.PushUnsigned(L, lastTs / 1_000_000_000);
        LuaValues.PushUnsigned(L, lastTs % 1_000_000_000);
        LuaValues.PushUnsigned(L, delta);
        CallChecked(3, c => $"{c.Name} chisel error: ");
        lua_settop(L, MessageHandler);
    }

    /// <summary>Calls the function below <paramref name="nargs"/> arguments; on failure throws with <paramref name="prefix"/>. Returns the type of its one result, left on the stack.</summary>
    int CallChecked(int nargs, Func<LuaChisel, string> prefix)
    {
        int status = Call(nargs, 1, out int resultType);
        if (status != LUA_OK || pending != null) Fail(prefix);
        return resultType;
    }

    int Call(int nargs, int nresults, out int resultType)
    {
        int status = PCall(L, nargs, nresults, MessageHandler);
        resultType = status == LUA_OK && nresults > 0 ? lua_type(L, -1) : LUA_TNONE;
        return status;
    }

    void Fail(Func<LuaChisel, string> prefix)
    {
        ThrowPending(prefix);
        throw new ChiselException(prefix(this) + PopError());
    }

    /// <summary>Rethrows what a callback from Lua failed with, if anything (a chisel error gets the callback's prefix).</summary>
    void ThrowPending(Func<LuaChisel, string> prefix)
    {
        if (pending is not { } e) return;
        pending = null;
        lua_settop(L, MessageHandler);
        if (e is ChiselException) throw new ChiselException(prefix(this) + e.Message);
        ExceptionDispatchInfo.Capture(e).Throw();
    }

    bool PopBoolean()
    {
        bool value = lua_toboolean(L, -1) != 0;
        lua_settop(L, MessageHandler);
        return value;
    }

    string PopError()
    {
        var message = LuaNative.ToString(L, -1) ?? "(error object is not a string)";
        lua_settop(L, MessageHandler);
        return message;
    }

    /// <summary>
    /// Records why a callback from Lua failed: the Lua code stops (the API wrappers raise), and the
    /// exception is rethrown once Lua returns. Chisel errors get the Lua location of the call.
    /// </summary>
    internal void SetPending(nint caller, Exception e)
    {
        if (pending != null) return;
        if (e is ChiselException) e = new ChiselException(Where(caller) + e.Message);
        pending = e;
    }

    /// <summary>"file:line: " of the chisel code that called the API (past the prelude's wrapper, if any).</summary>
    static string Where(nint caller)
    {
        luaL_where(caller, 1);
        var where = LuaNative.ToString(caller, -1) ?? "";
        Pop(caller, 1);
        if (!where.StartsWith(LuaApi.PreludeName + ":", StringComparison.Ordinal)) return where;
        luaL_where(caller, 2);
        where = LuaNative.ToString(caller, -1) ?? "";
        Pop(caller, 1);
        return where;
    }

    void CloseState()
    {
        UdpPeer?.Dispose();
        UdpPeer = null;
        if (L == 0) return;
        lua_close(L);
        L = 0;
    }

    public void Dispose()
    {
        CloseState();
        if (self.IsAllocated) self.Free();
    }
}
