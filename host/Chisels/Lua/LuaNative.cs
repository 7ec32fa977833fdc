using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Sharpdig.Chisels.Lua;

/// <summary>
/// The Lua 5.1 C API of LuaJIT, called directly in the system's libluajit-5.1.so.2: the library and
/// the Lua dialect sysdig runs its chisels on. Chisel callbacks are raw C functions, so a call from Lua
/// into sharpdig costs one reverse P/Invoke: no delegate marshalling, no reflection, no boxing.
/// </summary>
/// <remarks>
/// A Lua error raised while a managed frame is on the native stack would unwind through it, which .NET
/// does not survive. So sharpdig never calls from C# an API function that raises on bad input
/// (lua_error, luaL_check*, luaL_error, lua_call, lua_concat, lua_next on a foreign key): callbacks
/// report failures by returning a marker that Lua code turns into an error, and Lua code is only ever
/// run under lua_pcall. The functions used that allocate (pushing strings, closures and tables,
/// setting fields, converting numbers to text) could still raise on running out of memory, or run a
/// failing __gc or __index metamethod; chisels have neither, and that risk is the one any C host takes.
/// </remarks>
static unsafe partial class LuaNative
{
    const string Lib = "libluajit-5.1.so.2";

    public const int LUA_OK = 0;
    public const int LUA_TNONE = -1, LUA_TNIL = 0, LUA_TBOOLEAN = 1, LUA_TSTRING = 4, LUA_TTABLE = 5, LUA_TFUNCTION = 6;
    /// <summary>The pseudo-index of the globals table (5.1 has no lua_getglobal function, only this).</summary>
    public const int LUA_GLOBALSINDEX = -10002;

    /// <summary>The pseudo-index of a C closure's upvalue <paramref name="i"/> (from 1).</summary>
    public static int UpvalueIndex(int i) => LUA_GLOBALSINDEX - i;

    static readonly Lazy<bool> available = new(() => NativeLibrary.TryLoad(Lib, out _));

    /// <summary>Whether the library can be loaded (it is a system package, not shipped with sharpdig).</summary>
    public static bool Available => available.Value;

    public const string MissingMessage = "sharpdig: Lua chisels need LuaJIT (libluajit-5.1.so.2): install libluajit-5.1-2";

    [LibraryImport(Lib)] public static partial nint luaL_newstate();
    [LibraryImport(Lib)] public static partial void luaL_openlibs(nint L);
    [LibraryImport(Lib)] public static partial void lua_close(nint L);
    [LibraryImport(Lib)] public static partial int luaL_loadbuffer(nint L, byte* buff, nuint size, byte* name);
    [LibraryImport(Lib)] public static partial int lua_pcall(nint L, int nargs, int nresults, int errfunc);
    [LibraryImport(Lib)] public static partial void luaL_where(nint L, int level);

    [LibraryImport(Lib), SuppressGCTransition] public static partial int lua_gettop(nint L);
    [LibraryImport(Lib), SuppressGCTransition] public static partial void lua_settop(nint L, int idx);
    [LibraryImport(Lib), SuppressGCTransition] public static partial int lua_type(nint L, int idx);
    [LibraryImport(Lib), SuppressGCTransition] public static partial int lua_toboolean(nint L, int idx);
    /// <summary>A number (or numeric string) as C's cast of the double; 0 for anything else.</summary>
    [LibraryImport(Lib), SuppressGCTransition] public static partial long lua_tointeger(nint L, int idx);
    [LibraryImport(Lib), SuppressGCTransition] public static partial double lua_tonumber(nint L, int idx);
    [LibraryImport(Lib), SuppressGCTransition] public static partial nint lua_touserdata(nint L, int idx);
    [LibraryImport(Lib), SuppressGCTransition] public static partial int lua_isstring(nint L, int idx);
    [LibraryImport(Lib), SuppressGCTransition] public static partial void lua_pushnil(nint L);
    /// <summary>LuaJIT's numbers are all doubles: this pushes the integer converted.</summary>
    [LibraryImport(Lib), SuppressGCTransition] public static partial void lua_pushinteger(nint L, long n);
    [LibraryImport(Lib), SuppressGCTransition] public static partial void lua_pushnumber(nint L, double n);
    [LibraryImport(Lib), SuppressGCTransition] public static partial void lua_pushboolean(nint L, int b);
    [LibraryImport(Lib), SuppressGCTransition] public static partial void lua_pushlightuserdata(nint L, nint p);
    [LibraryImport(Lib), SuppressGCTransition] public static partial void lua_pushvalue(nint L, int idx);
    [LibraryImport(Lib), SuppressGCTransition] public static partial void lua_insert(nint L, int idx);

    // These may allocate, and so may run the Lua garbage collector (and __gc metamethods): normal transitions.
    [LibraryImport(Lib)] public static partial byte* lua_tolstring(nint L, int idx, nuint* len);
    [LibraryImport(Lib)] public static partial void lua_pushlstring(nint L, byte* s, nuint len);
    [LibraryImport(Lib)] public static partial void lua_pushcclosure(nint L, delegate* unmanaged[Cdecl]<nint, int> fn, int n);
    [LibraryImport(Lib)] public static partial void lua_createtable(nint L, int narr, int nrec);
    [LibraryImport(Lib)] public static partial void lua_getfield(nint L, int idx, byte* k);
    [LibraryImport(Lib)] public static partial void lua_setfield(nint L, int idx, byte* k);
    [LibraryImport(Lib, EntryPoint = "lua_rawseti")] private static partial void RawSetI(nint L, int idx, int n);
    [LibraryImport(Lib)] public static partial int lua_next(nint L, int idx);

    /// <summary>t[n] = value, 5.1's lua_rawseti: its index is a C int, so keys (tids, fds) convert as C converts them.</summary>
    public static void lua_rawseti(nint L, int idx, long n) => RawSetI(L, idx, (int)n);

    public static void Pop(nint L, int n) => lua_settop(L, -n - 1);

    public static int PCall(nint L, int nargs, int nresults, int errfunc) => lua_pcall(L, nargs, nresults, errfunc);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void PushBytes(nint L, ReadOnlySpan<byte> s)
    {
        fixed (byte* p = s) lua_pushlstring(L, p, (nuint)s.Length);
    }

    public static void PushString(nint L, string s)
    {
        int max = System.Text.Encoding.UTF8.GetMaxByteCount(s.Length);
        byte[]? rented = null;
        Span<byte> buffer = max <= 512 ? stackalloc byte[512] : (rented = System.Buffers.ArrayPool<byte>.Shared.Rent(max));
        int n = System.Text.Encoding.UTF8.GetBytes(s, buffer);
        PushBytes(L, buffer[..n]);
        if (rented != null) System.Buffers.ArrayPool<byte>.Shared.Return(rented);
    }

    /// <summary>The string (or number, converted in place as Lua writes it) at <paramref name="idx"/>; empty for other types.</summary>
    public static ReadOnlySpan<byte> ToBytes(nint L, int idx, out bool isString)
    {
        isString = lua_isstring(L, idx) != 0;
        if (!isString) return default;
        nuint len;
        byte* p = lua_tolstring(L, idx, &len);
        return new ReadOnlySpan<byte>(p, (int)len);
    }

    public static string? ToString(nint L, int idx)
    {
        var bytes = ToBytes(L, idx, out bool isString);
        return isString ? System.Text.Encoding.UTF8.GetString(bytes) : null;
    }

    public static long ToInteger(nint L, int idx) => lua_tointeger(L, idx);

    public static double ToNumber(nint L, int idx) => lua_tonumber(L, idx);

    /// <summary>Pushes the global <paramref name="nameZ"/> (NUL-terminated); returns its type.</summary>
    public static int GetGlobal(nint L, ReadOnlySpan<byte> nameZ) => GetField(L, LUA_GLOBALSINDEX, nameZ);

    /// <summary>Pushes t[name] of the table at <paramref name="idx"/> (a pseudo-index or below the top); returns its type.</summary>
    public static int GetField(nint L, int idx, ReadOnlySpan<byte> nameZ)
    {
        fixed (byte* p = nameZ) lua_getfield(L, idx, p);
        return lua_type(L, -1);
    }

    public static void SetField(nint L, int idx, ReadOnlySpan<byte> nameZ)
    {
        fixed (byte* p = nameZ) lua_setfield(L, idx, p);
    }

    /// <summary>Sets t[name] = value for the table on top of the stack (name given without its NUL).</summary>
    public static void SetField(nint L, string name)
    {
        Span<byte> z = stackalloc byte[System.Text.Encoding.UTF8.GetMaxByteCount(name.Length) + 1];
        int n = System.Text.Encoding.UTF8.GetBytes(name, z);
        z[n] = 0;
        SetField(L, -2, z);
    }
}
