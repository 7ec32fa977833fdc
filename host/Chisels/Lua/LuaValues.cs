using System.Runtime.CompilerServices;
using Sharpdig.Decode;
using Sharpdig.Driver.Events;
using Sharpdig.Fields;
using Sharpdig.Output;
using static Sharpdig.Chisels.Lua.LuaNative;

namespace Sharpdig.Chisels.Lua;

/// <summary>
/// Values handed to Lua. LuaJIT, like sysdig's chisels, knows one kind of number (double): integers
/// go to Lua converted, as sysdig pushes them.
/// </summary>
static class LuaValues
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void PushUnsigned(nint L, ulong v) => lua_pushnumber(L, v);

    /// <summary>A string or number argument as text (numbers as Lua writes them); "" for other types.</summary>
    public static string Text(nint L, int idx) => LuaNative.ToString(L, idx) ?? "";

    /// <summary>
    /// Pushes a field's value for the current event as sysdig's evt.field does: numbers, strings, byte
    /// buffers as strings, booleans, addresses as text; nil when the event has no value. Other types are an error, as in sysdig.
    /// </summary>
    public static void PushField(nint L, Field field, Event e, TextBuffer scratch)
    {
        var type = field.Type;
        switch (type)
        {
            case ParamType.Int8 or ParamType.Int16 or ParamType.Int32 or ParamType.Int64 or ParamType.Errno
                or ParamType.Pid or ParamType.Fd or ParamType.SigType:
                if (field.TryGetInt(e, out long signed)) lua_pushnumber(L, signed);
                else lua_pushnil(L);
                return;
            case ParamType.UInt8 or ParamType.UInt16 or ParamType.UInt32 or ParamType.UInt64 or ParamType.RelTime
                or ParamType.AbsTime or ParamType.Port or ParamType.L4Proto or ParamType.Flags8 or ParamType.Flags16
                or ParamType.Flags32 or ParamType.Uid or ParamType.Gid or ParamType.Mode or ParamType.SyscallId:
                if (field.TryGetInt(e, out long unsigned)) PushUnsigned(L, Unsigned(type, unsigned));
                else lua_pushnil(L);
                return;
            case ParamType.Double:
                if (field.TryGetDouble(e, out double d)) lua_pushnumber(L, d);
                else lua_pushnil(L);
                return;
            case ParamType.Bool:
                if (field.TryGetInt(e, out long flag)) lua_pushboolean(L, flag != 0 ? 1 : 0);
                else lua_pushnil(L);
                return;
            case ParamType.Ipv4Addr:
                if (!field.TryGetInt(e, out long ip))
                {
                    lua_pushnil(L);
                    return;
                }
                Span<byte> quad = stackalloc byte[4];
                System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(quad, (uint)ip);
                scratch.Clear();
                NetText.AppendIpv4(scratch, quad);
                PushBytes(L, scratch.Span);
                return;
            case ParamType.Ipv6Addr or ParamType.IpAddr:
                if (!field.TryGetBytes(e, out var address) || address.Length is not (4 or 16))
                {
                    lua_pushnil(L);
                    return;
                }
                scratch.Clear();
                if (address.Length == 4) NetText.AppendIpv4(scratch, address);
                else NetText.AppendIpv6(scratch, address);
                PushBytes(L, scratch.Span);
                return;
            case ParamType.SockAddr or ParamType.SockFamily:
                // sysdig pushes nothing for these: the call returns no value.
                lua_pushnil(L);
                return;
            case ParamType.CharBuf or ParamType.FsPath or ParamType.FsRelPath or ParamType.ByteBuf:
                if (field.TryGetBytes(e, out var bytes)) PushBytes(L, bytes);
                else lua_pushnil(L);
                return;
            default:
                throw new ChiselException($"wrong event type {(int)type}");
        }
    }

    /// <summary>An unsigned value of a type narrower than 64 bits, as its own width reads it.</summary>
    static ulong Unsigned(ParamType type, long v) => type switch
    {
        ParamType.UInt8 or ParamType.Flags8 or ParamType.L4Proto => (byte)v,
        ParamType.UInt16 or ParamType.Flags16 or ParamType.Port => (ushort)v,
        ParamType.UInt32 or ParamType.Flags32 or ParamType.Uid or ParamType.Gid or ParamType.Mode => (uint)v,
        _ => (ulong)v,
    };
}
