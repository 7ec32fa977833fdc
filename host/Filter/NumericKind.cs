using Sharpdig.Driver.Events;

namespace Sharpdig.Filter;

/// <summary>
/// Width and signedness an integer type compares with (sysdig compares each type at its own width,
/// so a 16-bit field's operand is cut to 16 bits as well).
/// </summary>
sealed class NumericKind(int bits, bool signed)
{
    static readonly NumericKind S8 = new(8, true), S16 = new(16, true), S32 = new(32, true), S64 = new(64, true),
        U8 = new(8, false), U16 = new(16, false), U32 = new(32, false), U64 = new(64, false);

    public static NumericKind? Of(ParamType t) => t switch
    {
        ParamType.Int8 => S8,
        ParamType.Int16 => S16,
        ParamType.Int32 => S32,
        ParamType.Int64 or ParamType.Fd or ParamType.Pid or ParamType.Errno => S64,
        ParamType.UInt8 or ParamType.Flags8 or ParamType.SigType or ParamType.L4Proto => U8,
        ParamType.UInt16 or ParamType.Flags16 or ParamType.Port or ParamType.SyscallId => U16,
        ParamType.UInt32 or ParamType.Flags32 or ParamType.Mode or ParamType.Bool or ParamType.Ipv4Addr => U32,
        ParamType.UInt64 or ParamType.RelTime or ParamType.AbsTime => U64,
        _ => null,
    };

    long Normalize(long v) => bits == 64 ? v
        : signed ? (v << (64 - bits)) >> (64 - bits)
        : v & (long)((1UL << bits) - 1);

    int Compare(long a, long b) => signed ? a.CompareTo(b) : ((ulong)a).CompareTo((ulong)b);

    /// <summary>The comparison of an extracted value with the operands.</summary>
    public Func<long, bool> Test(CompareOp op, IReadOnlyList<FilterValue> values)
    {
        if (op == CompareOp.In)
        {
            var set = values.Select(v => Normalize(v.Int)).ToHashSet();
            return x => set.Contains(Normalize(x));
        }
        if (op == CompareOp.Exists) return static _ => true;
        long v = Normalize(values[0].Int);
        return op switch
        {
            CompareOp.Eq => x => Normalize(x) == v,
            CompareOp.Ne => x => Normalize(x) != v,
            CompareOp.Lt => x => Compare(Normalize(x), v) < 0,
            CompareOp.Le => x => Compare(Normalize(x), v) <= 0,
            CompareOp.Gt => x => Compare(Normalize(x), v) > 0,
            CompareOp.Ge => x => Compare(Normalize(x), v) >= 0,
            _ => _ => throw Unsupported(op, "numeric filters"),
        };
    }

    public static FilterException Unsupported(CompareOp op, string what) => new($"'{OperatorText(op)}' not supported for {what}");

    public static string OperatorText(CompareOp op) => op switch
    {
        CompareOp.Eq => "=", CompareOp.Ne => "!=", CompareOp.Lt => "<", CompareOp.Le => "<=", CompareOp.Gt => ">",
        CompareOp.Ge => ">=", _ => op.ToString().ToLowerInvariant(),
    };
}
