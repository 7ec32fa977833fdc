using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using static Sharpdig.Chisels.Lua.LuaNative;

namespace Sharpdig.Chisels.Lua;

/// <summary>evt.*: the current event, and the values of the fields the chisel requested.</summary>
static unsafe partial class LuaApi
{
    /// <summary>evt.field(handle): the field's value for the current event; nil without a value or a valid handle.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    static int Field(nint L)
    {
        try
        {
            var c = ChiselOf(L);
            var e = CurrentEvent(c, "field");
            c.Fields.Push(L, lua_tointeger(L, 1), e, c.Scratch);
            return 1;
        }
        catch (Exception e)
        {
            return Fail(L, e);
        }
    }

    static int GetNum(LuaChisel c, nint L)
    {
        LuaValues.PushUnsigned(L, CurrentEvent(c, "get_num").Number);
        return 1;
    }

    /// <summary>evt.get_ts(): seconds and nanoseconds.</summary>
    static int GetTs(LuaChisel c, nint L)
    {
        ulong ts = CurrentEvent(c, "get_ts").Timestamp;
        lua_pushinteger(L, (uint)(ts / 1_000_000_000));
        lua_pushinteger(L, (uint)(ts % 1_000_000_000));
        return 2;
    }

    /// <summary>evt.get_type(): the event's name, or the system call's for generic events.</summary>
    static int GetEventType(LuaChisel c, nint L)
    {
        PushBytes(L, CurrentEvent(c, "get_type").TypeNameUtf8);
        return 1;
    }

    static int GetCpuId(LuaChisel c, nint L)
    {
        lua_pushinteger(L, CurrentEvent(c, "get_cpuid").Cpu);
        return 1;
    }
}
