using System.Buffers.Binary;
using Sharpdig.Driver.Events;
using Sharpdig.Engine;
using Sharpdig.Output;
using Sharpdig.State;

namespace Sharpdig.Decode;

/// <summary>
/// Renders an event parameter as sysdig prints it: the value, and separately the "resolved" text
/// sysdig shows in parentheses (an fd's name, an errno's name, a flag list, an absolute path).
/// </summary>
public sealed class ParamText(Inspector inspector)
{
    public TextBuffer Value { get; } = new();
    public TextBuffer Resolved { get; } = new();

    /// <summary>Renders parameter <paramref name="i"/> of the event into <see cref="Value"/> and <see cref="Resolved"/>.</summary>
    public void Render(Event e, int i, BufferFormat format)
    {
        Value.Clear();
        Resolved.Clear();
        var payload = e.Param(i);
        var info = i < e.Info.Params.Length ? e.Info.Params[i] : null;
        // Empty text and buffers print as nothing; other empty parameters (an unset tuple) as NULL.
        if (payload.IsEmpty && info?.Type is not (ParamType.ByteBuf or ParamType.CharBuf or ParamType.FsPath or ParamType.FsRelPath))
        {
            Value.Append("NULL");
            return;
        }
        if (info == null)
        {
            Value.Append("(n.a.)");
            return;
        }
        var type = info.Type;
        var printFormat = info.Format;
        if (type == ParamType.Dynamic && info.Alternatives is { } alternatives)
        {
            int index = payload[0];
            if (index < alternatives.Length)
            {
                payload = payload[1..];
                type = alternatives[index].Type;
            }
        }
        switch (type)
        {
            case ParamType.Int8: Number(payload, printFormat, 1, true); break;
            case ParamType.Int16: Number(payload, printFormat, 2, true); break;
            case ParamType.Int32: Number(payload, printFormat, 4, true); break;
            case ParamType.Int64: Number(payload, printFormat, 8, true); break;
            case ParamType.UInt8: Number(payload, printFormat, 1, false); break;
            case ParamType.UInt16: Number(payload, printFormat, 2, false); break;
            // sysdig prints 32- and 64-bit unsigned parameters through signed printf formats.
            case ParamType.UInt32: Number(payload, printFormat, 4, true); break;
            case ParamType.UInt64: Number(payload, printFormat, 8, true); break;
            case ParamType.Fd: Fd(e, ReadInt(payload, 8)); break;
            case ParamType.Pid: Pid(ReadInt(payload, 8)); break;
            case ParamType.Errno:
            {
                long v = ReadInt(payload, 8);
                Value.Append(v);
                if (v < 0) Resolved.Append(Names.Errno((int)v));
                break;
            }
            case ParamType.CharBuf:
                Value.Append(CString(payload));
                break;
            case ParamType.FsPath or ParamType.FsRelPath:
                Path(e, i, info, payload);
                break;
            case ParamType.ByteBuf:
                ByteBuf(payload, format);
                break;
            case ParamType.SockAddr:
                NetText.AppendSockAddr(Value, payload, e.FdL4);
                break;
            case ParamType.SockTuple:
                NetText.AppendSockTuple(Value, payload, e.FdL4);
                break;
            case ParamType.FdList:
                FdList(e, payload);
                break;
            case ParamType.SyscallId:
            {
                ushort id = BinaryPrimitives.ReadUInt16LittleEndian(payload);
                if (id >= EventTable.Syscalls.Length) { Value.Append("<unknown syscall>"); break; }
                Value.Append((ulong)id);
                Resolved.Append(EventTable.Syscalls[id].Name);
                break;
            }
            case ParamType.SigType:
            {
                byte sig = payload[0];
                Value.Append((ulong)sig);
                if (Names.Signal(sig) is { } name) Resolved.Append(name);
                break;
            }
            case ParamType.RelTime:
            {
                ulong v = (ulong)ReadInt(payload, 8);
                if (v == ulong.MaxValue) { Value.Append("none"); break; }
                Value.Append(v);
                Resolved.Append(CFormat.G(v / 1e9)).Append((byte)'s');
                break;
            }
            case ParamType.Flags8 or ParamType.Flags16 or ParamType.Flags32:
            {
                uint v = (uint)ReadUInt(payload, type == ParamType.Flags8 ? 1 : type == ParamType.Flags16 ? 2 : 4);
                Value.Append((ulong)v);
                FlagNames(info.Flags, v);
                break;
            }
            case ParamType.Mode:
            {
                uint v = (uint)ReadUInt(payload, 4);
                Number(payload, printFormat, 4, true);
                FlagNames(info.Flags, v);
                break;
            }
            case ParamType.AbsTime:
                Value.Append(CFormat.LocalTime(ReadUInt(payload, 8)));
                break;
            case ParamType.Uid or ParamType.Gid:
                UserOrGroup(e, type == ParamType.Uid, (uint)ReadUInt(payload, 4));
                break;
            case ParamType.SigSet:
            {
                uint v = (uint)ReadUInt(payload, 4);
                bool first = true;
                for (int sig = 0; sig < 32; sig++)
                {
                    if ((v & (1u << sig)) == 0 || Names.Signal(sig + 1) is not { } name) continue;
                    if (!first) Value.Append((byte)' ');
                    Value.Append(name);
                    first = false;
                }
                break;
            }
            default:
                Value.Append("(n.a.)");
                break;
        }
    }

    static long ReadInt(ReadOnlySpan<byte> p, int size) => size switch
    {
        1 when p.Length >= 1 => (sbyte)p[0],
        2 when p.Length >= 2 => BinaryPrimitives.ReadInt16LittleEndian(p),
        4 when p.Length >= 4 => BinaryPrimitives.ReadInt32LittleEndian(p),
        8 when p.Length >= 8 => BinaryPrimitives.ReadInt64LittleEndian(p),
        _ => ReadShort(p, true),
    };

    static ulong ReadUInt(ReadOnlySpan<byte> p, int size) => size switch
    {
        1 when p.Length >= 1 => p[0],
        2 when p.Length >= 2 => BinaryPrimitives.ReadUInt16LittleEndian(p),
        4 when p.Length >= 4 => BinaryPrimitives.ReadUInt32LittleEndian(p),
        8 when p.Length >= 8 => BinaryPrimitives.ReadUInt64LittleEndian(p),
        _ => (ulong)ReadShort(p, false),
    };

    /// <summary>A payload shorter than its type: the bytes there are, little-endian.</summary>
    static long ReadShort(ReadOnlySpan<byte> p, bool signed)
    {
        ulong v = 0;
        for (int k = Math.Min(p.Length, 8) - 1; k >= 0; k--) v = (v << 8) | p[k];
        if (signed && p.Length is > 0 and < 8 && (p[^1] & 0x80) != 0) v |= ulong.MaxValue << (8 * p.Length);
        return (long)v;
    }

    void Number(ReadOnlySpan<byte> p, PrintFormat format, int size, bool signed)
    {
        long v = signed ? ReadInt(p, size) : (long)ReadUInt(p, size);
        switch (format)
        {
            case PrintFormat.Oct: Value.AppendOctalAlt(Mask(v, size)); break;
            case PrintFormat.Hex: Value.AppendHex(size < 8 && v < 0 ? (uint)v : (ulong)v); break;
            case PrintFormat.PaddedDec:
                if (v < 0) Value.Append(v); else Value.AppendPadded((ulong)v, 9);
                break;
            default: Value.Append(v); break;
        }
    }

    static ulong Mask(long v, int size) => size >= 8 ? (ulong)v : (ulong)v & ((1UL << (8 * size)) - 1) | (v < 0 && size < 4 ? 0xFFFFFFFF00000000UL >> 32 << 32 : 0);

    static ReadOnlySpan<byte> CString(ReadOnlySpan<byte> p)
    {
        int nul = p.IndexOf((byte)0);
        return nul >= 0 ? p[..nul] : p;
    }

    void Fd(Event e, long fd)
    {
        Value.Append(fd);
        var thread = e.Thread;
        if (thread == null) return;
        if (fd >= 0)
        {
            var info = thread.GetFd(fd);
            if (info == null) return;
            Resolved.Append((byte)'<').Append((byte)info.TypeChar);
            if (info.IsIpSocket)
            {
                char proto = info.L4 switch { L4Proto.Tcp => 't', L4Proto.Udp => 'u', L4Proto.Icmp => 'i', L4Proto.Raw => 'r', _ => '\0' };
                if (proto != '\0') Resolved.Append((byte)proto);
            }
            Resolved.Append((byte)'>');
            Sanitizer.Append(Resolved, info.Name);
        }
        else if (fd == -100)
            Resolved.Append("AT_FDCWD");
        else
            Resolved.Append(Names.Errno((int)fd));
    }

    void Pid(long pid)
    {
        Value.Append(pid);
        if (inspector.Threads.Find(pid) is { } t) Resolved.Append(t.Comm);
    }

    void Path(Event e, int i, ParamInfo info, ReadOnlySpan<byte> payload)
    {
        var path = CString(payload);
        Sanitizer.Append(Value, path);
        var thread = e.Thread;
        // A zero-length parameter (no terminating NUL either: nothing was captured) has no resolved form.
        if (thread == null || payload.IsEmpty || path.SequenceEqual("<NA>"u8)) return;
        string baseDir = BaseDir(e, info, thread);
        PathText.AppendResolved(Resolved, baseDir, path);
    }

    /// <summary>The directory a path parameter is relative to: the cwd, or the directory fd it names.</summary>
    static string BaseDir(Event e, ParamInfo info, ThreadInfo thread)
    {
        if (info.Type != ParamType.FsRelPath || info.DirFdParam < 0 || info.DirFdParam >= e.Info.Params.Length
            || e.Info.Params[info.DirFdParam].Type != ParamType.Fd)
            return thread.Cwd;
        long dirfd = e.ParamInt64(info.DirFdParam);
        if (dirfd == -100) return thread.Cwd;
        var dir = thread.GetFd(dirfd);
        if (dir == null || dir.Name.Length == 0) return "";
        return dir.Name + "/";
    }

    void ByteBuf(ReadOnlySpan<byte> payload, BufferFormat format)
    {
        int start = Value.Length;
        BufferText.Append(Value, payload, format);
        int len = Value.Length - start;
        int max = inspector.MaxOutputLength;
        if (max > 0 && len > max && format == BufferFormat.Normal)
        {
            Value.Length = start + max;
            if (max > 3)
            {
                var raw = Value.RawArray;
                raw[start + max - 3] = raw[start + max - 2] = raw[start + max - 1] = (byte)'.';
            }
        }
    }

    void FdList(Event e, ReadOnlySpan<byte> p)
    {
        var thread = e.Thread;
        if (thread == null || p.Length < 2) return;
        int count = BinaryPrimitives.ReadUInt16LittleEndian(p);
        int pos = 2;
        for (int j = 0; j < count && pos + 10 <= p.Length; j++, pos += 10)
        {
            long fd = BinaryPrimitives.ReadInt64LittleEndian(p[pos..]);
            short flags = BinaryPrimitives.ReadInt16LittleEndian(p[(pos + 8)..]);
            if (j > 0) Value.Append((byte)' ');
            Value.Append((ulong)fd).Append((byte)':').Append((byte)(thread.GetFd(fd)?.TypeChar ?? '?'));
            Value.AppendHex((uint)(int)flags, upper: false);
        }
    }

    void FlagNames(FlagTable? table, uint value)
    {
        if (table == null) return;
        uint remaining = value;
        bool first = true;
        var entries = table.Entries;
        int k = 0;
        for (; k < entries.Length && entries[k].Value != value; k++)
        {
            var (flag, name) = entries[k];
            if ((flag == 0 && value == 0) || (flag != 0 && (remaining & flag) == flag && remaining != 0))
            {
                if (!first) Resolved.Append((byte)'|');
                Resolved.Append(name);
                first = false;
                remaining &= ~flag;
            }
        }
        if (k < entries.Length)
        {
            if (!first) Resolved.Append((byte)'|');
            Resolved.Append(entries[k].Name);
        }
    }

    void UserOrGroup(Event e, bool user, uint id)
    {
        if (id == uint.MaxValue)
        {
            Value.Append("-1");
            Resolved.Append("<NONE>");
            return;
        }
        Value.Append((long)(int)id);
        string? name = null;
        if (e.Thread != null)
            name = user ? inspector.Users.User(id)?.Name : inspector.Users.Group(id)?.Name;
        Resolved.Append(name ?? "<NA>");
    }
}
