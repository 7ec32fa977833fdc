using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Sharpdig.Chisels.Lua;

/// <summary>
/// The Lua 5.4 C API, called directly in the liblua54 that the KeraLua package ships. Chisel callbacks
/// are raw C functions (<see cref="LuaCFunction"/>), so a call from Lua into sharpdig costs one
/// reverse P/Invoke: no delegate marshalling, no reflection, no boxing.
/// </summary>
/// <remarks>
/// A Lua error raised while a managed frame is on the native stack would longjmp over it, which .NET
/// does not survive. So sharpdig never calls an API function that can raise (lua_error, luaL_check*,
/// lua_call) from C#: callbacks report failures by returning a marker that Lua code turns into an error,
/// and Lua code is only ever run under lua_pcall.
/// </remarks>
static unsafe partial class LuaNative
{
    const string Lib = "lua54";

    public const int LUA_OK = 0;
    public const int LUA_TNONE = -1, LUA_TNIL = 0, LUA_TBOOLEAN = 1, LUA_TNUMBER = 3, LUA_TSTRING = 4, LUA_TTABLE = 5,
        LUA_TFUNCTION = 6;
    /// <summary>LUAI_MAXSTACK = 1000000; the registry pseudo-index is below it.</summary>
    public const int LUA_REGISTRYINDEX = -1000000 - 1000;

    [LibraryImport(Lib)] public static partial nint luaL_newstate();
    [LibraryImport(Lib)] public static partial void luaL_openlibs(nint L);
    [LibraryImport(Lib)] public static partial void lua_close(nint L);
    [LibraryImport(Lib)] public static partial int luaL_loadbufferx(nint L, byte* buff, nuint size, byte* name, byte* mode);
    [LibraryImport(Lib)] public static partial int lua_pcallk(nint L, int nargs, int nresults, int errfunc, nint ctx, nint k);
    [LibraryImport(Lib)] public static partial void luaL_where(nint L, int level);

    [LibraryImport(Lib), SuppressGCTransition] public static partial int lua_gettop(nint L);
    [LibraryImport(Lib), SuppressGCTransition] public static partial void lua_settop(nint L, int idx);
    [LibraryImport(Lib), SuppressGCTransition] public static partial int lua_type(nint L, int idx);
    [LibraryImport(Lib), SuppressGCTransition] public static partial int lua_toboolean(nint L, int idx);
    [LibraryImport(Lib), SuppressGCTransition] public static partial long lua_tointegerx(nint L, int idx, int* isnum);
    [LibraryImport(Lib), SuppressGCTransition] public static partial double lua_tonumberx(nint L, int idx, int* isnum);
    [LibraryImport(Lib), SuppressGCTransition] public static partial int lua_isinteger(nint L, int idx);
    [LibraryImport(Lib), SuppressGCTransition] public static partial int lua_isstring(nint L, int idx);
    [LibraryImport(Lib), SuppressGCTransition] public static partial void lua_pushnil(nint L);
    [LibraryImport(Lib), SuppressGCTransition] public static partial void lua_pushinteger(nint L, long n);
    [LibraryImport(Lib), SuppressGCTransition] public static partial void lua_pushnumber(nint L, double n);
    [LibraryImport(Lib), SuppressGCTransition] public static partial void lua_pushboolean(nint L, int b);
    [LibraryImport(Lib), SuppressGCTransition] public static partial void lua_pushlightuserdata(nint L, nint p);
    [LibraryImport(Lib), SuppressGCTransition] public static partial void lua_pushvalue(nint L, int idx);
    [LibraryImport(Lib), SuppressGCTransition] public static partial void lua_rotate(nint L, int idx, int n);

    // These may allocate, and so may run the Lua garbage collector (and __gc metamethods): normal transitions.
    [LibraryImport(Lib)] public static partial byte* lua_tolstring(nint L, int idx, nuint* len);
    [LibraryImport(Lib)] public static partial byte* lua_pushlstring(nint L, byte* s, nuint len);
    [LibraryImport(Lib)] public static partial void lua_pushcclosure(nint L, delegate* unmanaged[Cdecl]<nint, int> fn, int n);
    [LibraryImport(Lib)] public static partial void lua_createtable(nint L, int narr, int nrec);
    [LibraryImport(Lib)] public static partial int lua_getglobal(nint L, byte* name);
    [LibraryImport(Lib)] public static partial void lua_setglobal(nint L, byte* name);
    [LibraryImport(Lib)] public static partial int lua_getfield(nint L, int idx, byte* k);
    [LibraryImport(Lib)] public static partial void lua_setfield(nint L, int idx, byte* k);
    [LibraryImport(Lib)] public static partial void lua_rawseti(nint L, int idx, long n);
    [LibraryImport(Lib)] public static partial int lua_next(nint L, int idx);

    /// <summary>LUA_EXTRASPACE: the pointer-sized block just before a lua_State, ours to use.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ref nint ExtraSpace(nint L) => ref *(nint*)(L - sizeof(nint));

    public static void Pop(nint L, int n) => lua_settop(L, -n - 1);

    public static int PCall(nint L, int nargs, int nresults, int errfunc) => lua_pcallk(L, nargs, nresults, errfunc, 0, 0);

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

    /// <summary>The string (or number, converted) at <paramref name="idx"/>; null for other types.</summary>
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

    public static long ToInteger(nint L, int idx)
    {
        int isnum;
        long v = lua_tointegerx(L, idx, &isnum);
        if (isnum != 0) return v;
        // lua_tointeger refuses floats with a fraction; C's cast (which sysdig's LuaJIT does) truncates them.
        double d = lua_tonumberx(L, idx, &isnum);
        return isnum != 0 && double.IsFinite(d) && Math.Abs(d) < 9.2e18 ? (long)d : 0;
    }

    public static double ToNumber(nint L, int idx)
    {
        int isnum;
        return lua_tonumberx(L, idx, &isnum);
    }

    public static int GetGlobal(nint L, ReadOnlySpan<byte> nameZ)
    {
        fixed (byte* p = nameZ) return lua_getglobal(L, p);
    }

    public static void SetGlobal(nint L, ReadOnlySpan<byte> nameZ)
    {
        fixed (byte* p = nameZ) lua_setglobal(L, p);
    }

    public static int GetField(nint L, int idx, ReadOnlySpan<byte> nameZ)
    {
        fixed (byte* p = nameZ) return lua_getfield(L, idx, p);
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
