using Sharpdig.Fields;
using static Sharpdig.Chisels.Lua.LuaNative;

namespace Sharpdig.Chisels.Lua;

/// <summary>chisel.*: what a chisel asks of the engine for itself.</summary>
static partial class LuaApi
{
    /// <summary>chisel.request_field(name): a handle for evt.field.</summary>
    static int RequestField(LuaChisel c, nint L)
    {
        var name = LuaNative.ToString(L, 1) ?? throw new ChiselException("chisel requesting nil field");
        Field field;
        try
        {
            field = FieldRegistry.Create(name);
        }
        catch (FieldException e)
        {
            bool known = FieldRegistry.Classes.Any(k => k.Fields.Any(d => name.StartsWith(d.Info.Name, StringComparison.Ordinal)));
            throw new ChiselException(known ? e.Message : $"chisel requesting nonexistent field {name}");
        }
        c.Fields.Add(field);
        lua_pushinteger(L, c.Fields.Count);
        return 1;
    }

    /// <summary>chisel.set_filter(text): the events this chisel sees.</summary>
    static int SetChiselFilter(LuaChisel c, nint L)
    {
        c.SetFilter(LuaNative.ToString(L, 1) ?? "");
        return 0;
    }

    /// <summary>chisel.set_event_formatter(format): print each event the chisel keeps ("" or "default": sysdig's format).</summary>
    static int SetEventFormatter(LuaChisel c, nint L)
    {
        c.SetEventFormat(LuaNative.ToString(L, 1) ?? "");
        return 0;
    }

    static int SetIntervalNs(LuaChisel c, nint L)
    {
        c.IntervalNs = Unsigned(L, 1);
        return 0;
    }

    static int SetIntervalS(LuaChisel c, nint L)
    {
        c.IntervalNs = Unsigned(L, 1) * 1_000_000_000;
        return 0;
    }

    static int SetPreciseIntervalNs(LuaChisel c, nint L)
    {
        c.PreciseIntervalNs = Unsigned(L, 1);
        return 0;
    }

    /// <summary>A Lua number as C's (uint64_t) cast of it.</summary>
    static ulong Unsigned(nint L, int idx)
    {
        double d = ToNumber(L, idx);
        return d > 0 && d < 1.8e19 ? (ulong)d : 0;
    }

    /// <summary>chisel.exec(name, args...): after on_init, the chisel becomes the named one, with these arguments.</summary>
    static int Exec(LuaChisel c, nint L)
    {
        c.ExecName = LuaNative.ToString(L, 1) ?? throw new ChiselException($"invalid exec field name in chisel {c.Name}");
        c.ExecArguments.Clear();
        for (int i = 2; lua_isstring(L, i) != 0; i++) c.ExecArguments.Add(LuaValues.Text(L, i));
        return 0;
    }
}
