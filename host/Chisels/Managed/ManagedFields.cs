using Sharpdig.Decode;
using Sharpdig.Driver.Events;
using Sharpdig.Output;
using Sharpdig.Sdk;
using EngineField = Sharpdig.Fields.Field;
using FieldException = Sharpdig.Fields.FieldException;
using FieldRegistry = Sharpdig.Fields.FieldRegistry;
using SdkField = Sharpdig.Sdk.Field;

namespace Sharpdig.Chisels.Managed;

/// <summary>
/// The SDK's field handles over the engine's fields. A handle reads the event the session last handed
/// to its chisel; values are what sysdig's evt.field gives a Lua chisel (unsigned values at their own
/// width, addresses and other non-scalar kinds as the text sysdig prints).
/// </summary>
static class ManagedFields
{
    /// <summary>Binds <paramref name="name"/> for <paramref name="owner"/>; an unknown or malformed field is a <see cref="ChiselError"/> naming both.</summary>
    public static EngineField Bind(ManagedChisel owner, string name)
    {
        try
        {
            return FieldRegistry.Create(name);
        }
        catch (FieldException e)
        {
            bool known = FieldRegistry.Classes.Any(k => k.Fields.Any(d => name.StartsWith(d.Info.Name, StringComparison.Ordinal)));
            throw new ChiselError(known ? $"chisel {owner.Name}: field {name}: {e.Message}" : $"chisel {owner.Name} requests nonexistent field {name}");
        }
    }

    public static FieldKind KindOf(ParamType type) => type switch
    {
        ParamType.Int8 or ParamType.Int16 or ParamType.Int32 or ParamType.Int64 or ParamType.Errno or ParamType.Pid
            or ParamType.Fd or ParamType.SigType => FieldKind.Signed,
        ParamType.UInt8 or ParamType.UInt16 or ParamType.UInt32 or ParamType.UInt64 or ParamType.RelTime or ParamType.AbsTime
            or ParamType.Port or ParamType.L4Proto or ParamType.Flags8 or ParamType.Flags16 or ParamType.Flags32 or ParamType.Uid
            or ParamType.Gid or ParamType.Mode or ParamType.SyscallId => FieldKind.Unsigned,
        ParamType.Double => FieldKind.Double,
        ParamType.Bool => FieldKind.Boolean,
        ParamType.CharBuf or ParamType.FsPath or ParamType.FsRelPath or ParamType.ByteBuf => FieldKind.Text,
        ParamType.Ipv4Addr or ParamType.Ipv6Addr or ParamType.IpAddr => FieldKind.Address,
        _ => FieldKind.Other,
    };

    /// <summary>The handle of a field's own kind.</summary>
    public static SdkField Natural(ManagedChisel owner, string name)
    {
        var f = Bind(owner, name);
        return KindOf(f.Type) switch
        {
            FieldKind.Signed => new SignedHandle(owner, f, name),
            FieldKind.Unsigned => new UnsignedHandle(owner, f, name),
            FieldKind.Double => new DoubleHandle(owner, f, name),
            FieldKind.Boolean => new BoolHandle(owner, f, name),
            _ => new TextHandle(owner, f, name),
        };
    }

    public static Int64Field Int64(ManagedChisel owner, string name) => Natural(owner, name) switch
    {
        Int64Field i => i,
        UnsignedHandle u => new SignedHandle(owner, u.Engine, name),
        var other => throw Mismatch(owner, other, "an integer"),
    };

    public static UInt64Field UInt64(ManagedChisel owner, string name) => Natural(owner, name) switch
    {
        UInt64Field u => u,
        var other => throw Mismatch(owner, other, "an unsigned integer"),
    };

    public static DoubleField Double(ManagedChisel owner, string name) => Natural(owner, name) switch
    {
        DoubleField d => d,
        IEngineHandle { Engine: var f } and (SignedHandle or UnsignedHandle) => new DoubleHandle(owner, f, name),
        var other => throw Mismatch(owner, other, "a number"),
    };

    public static BoolField Bool(ManagedChisel owner, string name) => Natural(owner, name) switch
    {
        BoolField b => b,
        var other => throw Mismatch(owner, other, "a boolean"),
    };

    public static TextField Text(ManagedChisel owner, string name) => Natural(owner, name) switch
    {
        TextField t => t,
        var other => new TextHandle(owner, ((IEngineHandle)other).Engine, name),
    };

    static ChiselError Mismatch(ManagedChisel owner, SdkField f, string wanted) =>
        new($"chisel {owner.Name}: field {f.Name} is {Describe(f.Kind)}, not {wanted}");

    static string Describe(FieldKind kind) => kind switch
    {
        FieldKind.Signed => "a signed integer",
        FieldKind.Unsigned => "an unsigned integer",
        FieldKind.Double => "a number",
        FieldKind.Boolean => "a boolean",
        FieldKind.Address => "an address",
        FieldKind.Text => "text",
        _ => "text",
    };

    /// <summary>Bit mask of an unsigned type narrower than 64 bits, as its own width reads it.</summary>
    static ulong WidthMask(ParamType type) => type switch
    {
        ParamType.UInt8 or ParamType.Flags8 or ParamType.L4Proto => 0xff,
        ParamType.UInt16 or ParamType.Flags16 or ParamType.Port => 0xffff,
        ParamType.UInt32 or ParamType.Flags32 or ParamType.Uid or ParamType.Gid or ParamType.Mode => 0xffff_ffff,
        _ => ulong.MaxValue,
    };

    interface IEngineHandle
    {
        EngineField Engine { get; }
    }

    /// <summary>The text sysdig prints for a value, rendered into the handle's own buffer.</summary>
    static bool Render(EngineField f, Event? e, TextBuffer scratch, out ReadOnlySpan<byte> utf8)
    {
        scratch.Clear();
        if (e == null || !f.Render(e, scratch))
        {
            utf8 = default;
            return false;
        }
        utf8 = scratch.Span;
        return true;
    }

    sealed class SignedHandle(ManagedChisel owner, EngineField f, string name) : Int64Field(name, FieldKind.Signed), IEngineHandle
    {
        readonly TextBuffer scratch = new(32);
        public EngineField Engine => f;
        public override bool HasValue => owner.CurrentEvent is { } e && f.HasValue(e);
        public override bool TryGet(out long value)
        {
            if (owner.CurrentEvent is { } e) return f.TryGetInt(e, out value);
            value = 0;
            return false;
        }
        public override bool TryGetText(out ReadOnlySpan<byte> utf8) => Render(f, owner.CurrentEvent, scratch, out utf8);
    }

    sealed class UnsignedHandle(ManagedChisel owner, EngineField f, string name) : UInt64Field(name, FieldKind.Unsigned), IEngineHandle
    {
        readonly ulong mask = WidthMask(f.Type);
        readonly TextBuffer scratch = new(32);
        public EngineField Engine => f;
        public override bool HasValue => owner.CurrentEvent is { } e && f.HasValue(e);
        public override bool TryGet(out ulong value)
        {
            if (owner.CurrentEvent is { } e && f.TryGetInt(e, out long v))
            {
                value = (ulong)v & mask;
                return true;
            }
            value = 0;
            return false;
        }
        public override bool TryGetText(out ReadOnlySpan<byte> utf8) => Render(f, owner.CurrentEvent, scratch, out utf8);
    }

    sealed class DoubleHandle(ManagedChisel owner, EngineField f, string name) : DoubleField(name, KindOf(f.Type)), IEngineHandle
    {
        readonly ulong mask = WidthMask(f.Type);
        readonly TextBuffer scratch = new(32);
        public EngineField Engine => f;
        public override bool HasValue => owner.CurrentEvent is { } e && f.HasValue(e);
        public override bool TryGet(out double value)
        {
            value = 0;
            if (owner.CurrentEvent is not { } e) return false;
            if (Kind == FieldKind.Double) return f.TryGetDouble(e, out value);
            if (!f.TryGetInt(e, out long v)) return false;
            value = Kind == FieldKind.Unsigned ? (double)((ulong)v & mask) : v;
            return true;
        }
        public override bool TryGetText(out ReadOnlySpan<byte> utf8) => Render(f, owner.CurrentEvent, scratch, out utf8);
    }

    sealed class BoolHandle(ManagedChisel owner, EngineField f, string name) : BoolField(name, FieldKind.Boolean), IEngineHandle
    {
        readonly TextBuffer scratch = new(8);
        public EngineField Engine => f;
        public override bool HasValue => owner.CurrentEvent is { } e && f.HasValue(e);
        public override bool TryGet(out bool value)
        {
            if (owner.CurrentEvent is { } e && f.TryGetInt(e, out long v))
            {
                value = v != 0;
                return true;
            }
            value = false;
            return false;
        }
        public override bool TryGetText(out ReadOnlySpan<byte> utf8) => Render(f, owner.CurrentEvent, scratch, out utf8);
    }

    /// <summary>Text and buffers as their bytes; addresses and other kinds as their printed text.</summary>
    sealed class TextHandle(ManagedChisel owner, EngineField f, string name) : TextField(name, KindOf(f.Type)), IEngineHandle
    {
        readonly TextBuffer scratch = new(64);
        public EngineField Engine => f;
        public override bool HasValue => owner.CurrentEvent is { } e && f.HasValue(e);
        public override bool TryGet(out ReadOnlySpan<byte> value)
        {
            if (Kind == FieldKind.Text)
            {
                if (owner.CurrentEvent is { } e) return f.TryGetBytes(e, out value);
                value = default;
                return false;
            }
            return Render(f, owner.CurrentEvent, scratch, out value);
        }
        public override bool TryGetText(out ReadOnlySpan<byte> utf8) => Render(f, owner.CurrentEvent, scratch, out utf8);
    }
}
