using System.Runtime.CompilerServices;
using Sharpdig.Decode;
using Sharpdig.Driver.Events;
using Sharpdig.Fields;
using Sharpdig.Output;
using static Sharpdig.Chisels.Lua.LuaNative;

namespace Sharpdig.Chisels.Lua;

/// <summary>
/// The fields a chisel requested (a handle is an index plus one), each with how its value goes to Lua,
/// worked out once when it is requested: evt.field runs for every event.
/// </summary>
sealed class LuaFields
{
    /// <summary>How a value goes to Lua: which accessor, and for unsigned integers their width.</summary>
    enum Kind : byte { Signed, UInt8, UInt16, UInt32, UInt64, Double, Bool, Bytes, Ipv4, Address, Nothing, Unsupported }

    Field[] fields = new Field[4];
    Kind[] kinds = new Kind[4];
    int count;

    public int Count => count;

    public void Add(Field field)
    {
        if (count == fields.Length)
        {
            Array.Resize(ref fields, count * 2);
            Array.Resize(ref kinds, count * 2);
        }
        fields[count] = field;
        kinds[count] = KindOf(field.Type);
        count++;
    }

    public void Clear()
    {
        Array.Clear(fields, 0, count);
        count = 0;
    }

    static Kind KindOf(ParamType type) => type switch
    {
        ParamType.Int8 or ParamType.Int16 or ParamType.Int32 or ParamType.Int64 or ParamType.Errno
            or ParamType.Pid or ParamType.Fd or ParamType.SigType => Kind.Signed,
        ParamType.UInt8 or ParamType.Flags8 or ParamType.L4Proto => Kind.UInt8,
        ParamType.UInt16 or ParamType.Flags16 or ParamType.Port => Kind.UInt16,
        ParamType.UInt32 or ParamType.Flags32 or ParamType.Uid or ParamType.Gid or ParamType.Mode => Kind.UInt32,
        ParamType.UInt64 or ParamType.RelTime or ParamType.AbsTime or ParamType.SyscallId => Kind.UInt64,
        ParamType.Double => Kind.Double,
        ParamType.Bool => Kind.Bool,
        ParamType.CharBuf or ParamType.FsPath or ParamType.FsRelPath or ParamType.ByteBuf => Kind.Bytes,
        ParamType.Ipv4Addr => Kind.Ipv4,
        ParamType.Ipv6Addr or ParamType.IpAddr => Kind.Address,
        // sysdig pushes nothing for these: the call returns no value.
        ParamType.SockAddr or ParamType.SockFamily => Kind.Nothing,
        _ => Kind.Unsupported,
    };

    /// <summary>
    /// Pushes the value of field <paramref name="handle"/> for the current event as sysdig's evt.field
    /// does: numbers, strings, byte buffers as strings, booleans, addresses as text; nil when the event
    /// has no value or the handle is not one. Other types are an error, as in sysdig.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(nint L, long handle, Event e, TextBuffer scratch)
    {
        ulong i = (ulong)(handle - 1);
        if (i >= (ulong)count)
        {
            lua_pushnil(L);
            return;
        }
        var field = fields[i];
        long v;
        switch (kinds[i])
        {
            case Kind.Bytes:
                if (field.TryGetBytes(e, out var bytes)) PushBytes(L, bytes);
                else lua_pushnil(L);
                return;
            case Kind.Signed:
                if (field.TryGetInt(e, out v)) lua_pushnumber(L, v);
                else lua_pushnil(L);
                return;
            case Kind.UInt8:
                if (field.TryGetInt(e, out v)) lua_pushnumber(L, (byte)v);
                else lua_pushnil(L);
                return;
            case Kind.UInt16:
                if (field.TryGetInt(e, out v)) lua_pushnumber(L, (ushort)v);
                else lua_pushnil(L);
                return;
            case Kind.UInt32:
                if (field.TryGetInt(e, out v)) lua_pushnumber(L, (uint)v);
                else lua_pushnil(L);
                return;
            case Kind.UInt64:
                if (field.TryGetInt(e, out v)) lua_pushnumber(L, (ulong)v);
                else lua_pushnil(L);
                return;
            case Kind.Double:
                if (field.TryGetDouble(e, out double d)) lua_pushnumber(L, d);
                else lua_pushnil(L);
                return;
            case Kind.Bool:
                if (field.TryGetInt(e, out v)) lua_pushboolean(L, v != 0 ? 1 : 0);
                else lua_pushnil(L);
                return;
            case Kind.Nothing:
                lua_pushnil(L);
                return;
            default:
                PushRare(L, field, e, scratch);
                return;
        }
    }

    /// <summary>Addresses (as text) and the types evt.field refuses; out of line to keep the common path small.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    static void PushRare(nint L, Field field, Event e, TextBuffer scratch)
    {
        var type = field.Type;
        scratch.Clear();
        if (type == ParamType.Ipv4Addr)
        {
            if (!field.TryGetInt(e, out long ip))
            {
                lua_pushnil(L);
                return;
            }
            Span<byte> quad = stackalloc byte[4];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(quad, (uint)ip);
            NetText.AppendIpv4(scratch, quad);
        }
        else if (type is ParamType.Ipv6Addr or ParamType.IpAddr)
        {
            if (!field.TryGetBytes(e, out var address) || address.Length is not (4 or 16))
            {
                lua_pushnil(L);
                return;
            }
            if (address.Length == 4) NetText.AppendIpv4(scratch, address);
            else NetText.AppendIpv6(scratch, address);
        }
        else throw new ChiselException($"wrong event type {(int)type}");
        PushBytes(L, scratch.Span);
    }
}
