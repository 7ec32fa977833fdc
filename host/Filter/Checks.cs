using System.Buffers.Binary;
using Sharpdig.Decode;
using Sharpdig.Driver.Events;
using Sharpdig.Fields;

namespace Sharpdig.Filter;

/// <summary>A test of raw bytes (buffers, IP addresses).</summary>
delegate bool BytesTest(ReadOnlySpan<byte> value);

/// <summary>
/// Compiles one check (field OP operands) into a predicate. As in sysdig, an event without a value for the
/// field fails every check (including '!='), and an operator the type cannot do fails when it is first
/// evaluated on a value, not when the filter is compiled.
/// </summary>
static class Checks
{
    public static Func<Event, bool> Compile(FilterCheck c)
    {
        if (EndpointChecks.TryCompile(c) is { } endpoint) return endpoint;
        if (AncestorChecks.TryCompile(c) is { } ancestors) return ancestors;
        if (FilterTypes.IsEventType(c.Field)) return EventType(c.Op, c.Values);
        var f = c.Field;
        var type = FilterTypes.ValueType(f);
        return FilterTypes.Kind(type) switch
        {
            ValueKind.String => Strings(f, c.Op, c.Values),
            ValueKind.Number => Numbers(f, NumericKind.Of(type)!, c.Op, c.Values),
            ValueKind.Bytes => Buffers(f, c.Op, c.Values),
            ValueKind.Address => Addresses(f, AddressTest(c.Op, c.Values)),
            ValueKind.Network => Addresses(f, NetworkTest(c.Op, c.Values)),
            ValueKind.Double => e => f.TryGetDouble(e, out _),  // only 'exists' gets here: operands of this type do not parse
            _ => c.Op == CompareOp.Exists ? f.HasValue : static _ => false,
        };
    }

    static Func<Event, bool> Strings(Field f, CompareOp op, IReadOnlyList<FilterValue> values)
    {
        if (f is TextField text && TextChecks.TryCompile(text, op, values) is { } bytewise) return bytewise;
        if (op == CompareOp.Eq)
        {
            string v = values[0].Text;
            return e => f.TryGetString(e, out var s) && string.Equals(s, v);
        }
        var test = StringTest(op, values);
        return e => f.TryGetString(e, out var s) && test(s);
    }

    /// <summary>The string operators, with strcmp's ordering and C's notion of case.</summary>
    public static Func<string, bool> StringTest(CompareOp op, IReadOnlyList<FilterValue> values)
    {
        string v = values.Count > 0 ? values[0].Text : "";
        switch (op)
        {
            case CompareOp.In:
                var set = values.Select(x => x.Text).ToHashSet(StringComparer.Ordinal);
                return set.Contains;
            case CompareOp.PMatch:
                return TextMatch.PathPrefixes(values.Select(x => x.Text));
        }
        return op switch
        {
            CompareOp.Eq => s => string.Equals(s, v),
            CompareOp.Ne => s => !string.Equals(s, v),
            CompareOp.Lt => s => string.CompareOrdinal(s, v) < 0,
            CompareOp.Le => s => string.CompareOrdinal(s, v) <= 0,
            CompareOp.Gt => s => string.CompareOrdinal(s, v) > 0,
            CompareOp.Ge => s => string.CompareOrdinal(s, v) >= 0,
            CompareOp.Contains => s => s.Contains(v, StringComparison.Ordinal),
            CompareOp.IContains => s => TextMatch.ContainsIgnoreAsciiCase(s, v),
            CompareOp.StartsWith => s => s.StartsWith(v, StringComparison.Ordinal),
            CompareOp.EndsWith => s => s.EndsWith(v, StringComparison.Ordinal),
            CompareOp.Glob => s => TextMatch.Glob(v, s),
            _ => static _ => true,   // exists
        };
    }

    /// <summary>
    /// evt.type: the answer for every event type and every syscall (generic events are named by their
    /// syscall) is worked out once, so filtering is a table lookup.
    /// </summary>
    static Func<Event, bool> EventType(CompareOp op, IReadOnlyList<FilterValue> values)
    {
        var test = StringTest(op, values);
        bool[] byEvent = EventTable.Events.Select(x => test(x.Name)).ToArray();
        bool[] bySyscall = EventTable.Syscalls.Select(x => test(x.Name)).ToArray();
        return e =>
        {
            int type = e.Type;
            if (type is 0 or 1)
            {
                ulong id = e.ParamUInt64(0);
                return id < (ulong)bySyscall.Length ? bySyscall[id] : test(e.TypeName);
            }
            return type < byEvent.Length ? byEvent[type] : test(e.TypeName);
        };
    }

    static Func<Event, bool> Numbers(Field f, NumericKind kind, CompareOp op, IReadOnlyList<FilterValue> values)
    {
        var test = kind.Test(op, values);
        return e => f.TryGetInt(e, out long x) && test(x);
    }

    static Func<Event, bool> Buffers(Field f, CompareOp op, IReadOnlyList<FilterValue> values)
    {
        byte[] v = values.Count > 0 ? values[0].Bytes : [];
        BytesTest test = op switch
        {
            CompareOp.Eq => b => b.SequenceEqual(v),
            CompareOp.Ne => b => !b.SequenceEqual(v),
            CompareOp.Contains => b => b.IndexOf(v) >= 0,
            CompareOp.StartsWith => b => b.StartsWith(v),
            CompareOp.EndsWith => b => b.EndsWith(v),
            CompareOp.In => b => AnyEqual(values, b, whole: true),
            CompareOp.Exists => static _ => true,
            _ => _ => throw NumericKind.Unsupported(op, "buffer filters"),
        };
        return e => f.TryGetBytes(e, out var b) && test(b);
    }

    /// <summary>'in' for bytes: equal to one operand, whole (buffers) or as far as it parsed (addresses).</summary>
    static bool AnyEqual(IReadOnlyList<FilterValue> values, ReadOnlySpan<byte> b, bool whole)
    {
        foreach (var x in values)
        {
            var candidate = whole ? x.Bytes.AsSpan() : x.Bytes.AsSpan(0, x.AddressLength);
            if (candidate.SequenceEqual(b)) return true;
        }
        return false;
    }

    /// <summary>An address field's value: 4 or 16 bytes from TryGetBytes, or an IPv4 address from TryGetInt.</summary>
    static Func<Event, bool> Addresses(Field f, BytesTest test)
    {
        var scratch = new byte[4];
        return e =>
        {
            if (f.TryGetBytes(e, out var a) && a.Length is 4 or 16) return test(a);
            if (!f.TryGetInt(e, out long v)) return false;
            BinaryPrimitives.WriteUInt32LittleEndian(scratch, (uint)v);
            return test(scratch);
        };
    }

    /// <summary>
    /// An IP address against address operands. IPv4 values compare as numbers (their network-order bytes
    /// read as a little-endian integer, as sysdig does); IPv6 values only for (in)equality.
    /// </summary>
    public static BytesTest AddressTest(CompareOp op, IReadOnlyList<FilterValue> values)
    {
        var v4 = NumericKind.Of(ParamType.Ipv4Addr)!.Test(op, values);
        byte[] v6 = values.Count > 0 ? values[0].Bytes : new byte[16];
        return a =>
        {
            if (a.Length == 4)
            {
                if (op == CompareOp.In) return AnyEqual(values, a, whole: false);
                return v4(BinaryPrimitives.ReadUInt32LittleEndian(a));
            }
            return op switch
            {
                CompareOp.Eq => a.SequenceEqual(v6),
                CompareOp.Ne => !a.SequenceEqual(v6),
                CompareOp.In => AnyEqual(values, a, whole: false),
                CompareOp.Exists => true,
                CompareOp.Contains or CompareOp.IContains or CompareOp.StartsWith or CompareOp.Glob =>
                    throw NumericKind.Unsupported(op, "ipv6 addresses"),
                _ => throw new FilterException("comparison operator not supported for ipv6 addresses"),
            };
        };
    }

    /// <summary>
    /// An IP address against network operands: IPv4 by mask; IPv6 by its /64 subnet, which is how
    /// sysdig 0.29.3 compares an IPv6 address with one given for a network field.
    /// </summary>
    public static BytesTest NetworkTest(CompareOp op, IReadOnlyList<FilterValue> values)
    {
        return a =>
        {
            bool v4 = a.Length == 4;
            switch (op)
            {
                case CompareOp.Exists:
                    return true;
                case CompareOp.Eq or CompareOp.Ne or CompareOp.In:
                    bool inside = false;
                    foreach (var v in op == CompareOp.In ? values : [values[0]])
                        inside |= v4 ? InV4Net(a, v.Bytes) : a[..8].SequenceEqual(v.Bytes.AsSpan(0, 8));
                    return op == CompareOp.Ne ? !inside : inside;
                case CompareOp.Contains or CompareOp.IContains or CompareOp.StartsWith or CompareOp.Glob:
                    throw NumericKind.Unsupported(op, v4 ? "numeric filters" : "ipv6 networks");
                case CompareOp.EndsWith when v4:
                    throw NumericKind.Unsupported(op, "numeric filters");
                default:
                    throw new FilterException($"comparison operator not supported for {(v4 ? "ipv4" : "ipv6")} networks");
            }
        };
    }

    static bool InV4Net(ReadOnlySpan<byte> ip, byte[] net)
    {
        uint mask = BinaryPrimitives.ReadUInt32LittleEndian(net.AsSpan(4));
        return (BinaryPrimitives.ReadUInt32LittleEndian(ip) & mask) == (BinaryPrimitives.ReadUInt32LittleEndian(net) & mask);
    }
}
