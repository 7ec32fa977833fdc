using System.Runtime.CompilerServices;
using static Sharpdig.Chisels.Lua.LuaNative;

namespace Sharpdig.Chisels.Lua;

/// <summary>
/// Values handed to Lua and back. LuaJIT, like sysdig's chisels, knows one kind of number (double):
/// integers go to Lua converted, as sysdig pushes them.
/// </summary>
static class LuaValues
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void PushUnsigned(nint L, ulong v) => lua_pushnumber(L, v);

    /// <summary>A string or number argument as text (numbers as Lua writes them); "" for other types.</summary>
    public static string Text(nint L, int idx) => LuaNative.ToString(L, idx) ?? "";
}
