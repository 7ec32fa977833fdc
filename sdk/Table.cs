using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;

namespace Sharpdig.Sdk;

/// <summary>How a table's values are shown.</summary>
public enum Units
{
    /// <summary>As plain numbers.</summary>
    None,
    /// <summary>As byte counts: 512B, 1.50KB, 2.00M...</summary>
    Bytes,
    /// <summary>As durations of nanoseconds: 300ns, 1.50us, 15ms, 1.10s...</summary>
    Time,
    /// <summary>As a percentage of the time the table covers (nanoseconds of CPU time over elapsed time).</summary>
    TimePercent,
}

/// <summary>A column of a table: the field (or other source) it comes from, and its heading.</summary>
/// <param name="Source">Where the values come from, e.g. "proc.name" (the JSON output names it).</param>
/// <param name="Heading">The column's heading.</param>
public sealed record TableColumn(string Source, string Heading);

/// <summary>
/// A table a chisel fills as events come and prints (<see cref="ChiselHost.Print(Table, ulong, ulong)"/>):
/// one row per distinct key — one or more key columns — with a numeric value summed over events. sharpdig
/// shows the rows with the largest values first, the first <see cref="Top"/> of them, as sysdig's chisels
/// lay out their tables (or as JSON with -j).
/// </summary>
/// <remarks>
/// Adding to a row allocates only the first time its key is seen. Build the key with <see cref="Key"/>,
/// then call <see cref="Add(double)"/>; single-column tables can use <see cref="Add(ReadOnlySpan{byte}, double)"/>.
/// </remarks>
public sealed class Table
{
    /// <summary>What separates the key columns in a row's key (as in sysdig's chisels).</summary>
    public static ReadOnlySpan<byte> Separator => "\u0001\u0001"u8;

    readonly Dictionary<byte[], double> rows = new(KeyComparer.Instance);
    readonly Dictionary<byte[], double>.AlternateLookup<ReadOnlySpan<byte>> lookup;

    /// <summary>A table with <paramref name="keys"/> columns and a <paramref name="value"/> column.</summary>
    /// <param name="keys">The key columns, in order.</param>
    /// <param name="value">The value column.</param>
    /// <param name="units">How values are shown.</param>
    /// <param name="top">How many rows are shown (0 for all).</param>
    public Table(IReadOnlyList<TableColumn> keys, TableColumn value, Units units = Units.None, int top = 0)
    {
        if (keys.Count == 0) throw new ArgumentException("a table needs at least one key column", nameof(keys));
        Keys = keys;
        Value = value;
        Units = units;
        Top = top;
        lookup = rows.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    /// <summary>The key columns.</summary>
    public IReadOnlyList<TableColumn> Keys { get; }

    /// <summary>The value column.</summary>
    public TableColumn Value { get; }

    /// <summary>How values are shown.</summary>
    public Units Units { get; set; }

    /// <summary>How many rows are shown, largest values first (0 for all).</summary>
    public int Top { get; set; }

    /// <summary>The key being built for the next <see cref="Add(double)"/>.</summary>
    public TableKey Key { get; } = new();

    /// <summary>How many rows the table has.</summary>
    public int Count => rows.Count;

    /// <summary>Adds <paramref name="value"/> to the row of <see cref="Key"/> (created at 0 if new).</summary>
    public void Add(double value) => Add(Key.Span, value);

    /// <summary>Adds <paramref name="value"/> to the row of <paramref name="key"/> (its columns joined by <see cref="Separator"/>).</summary>
    public void Add(ReadOnlySpan<byte> key, double value) => CollectionsMarshal.GetValueRefOrAddDefault(lookup, key, out _) += value;

    /// <summary>Sets the value of the row of <paramref name="key"/>.</summary>
    public void Set(ReadOnlySpan<byte> key, double value) => CollectionsMarshal.GetValueRefOrAddDefault(lookup, key, out _) = value;

    /// <summary>The value of the row of <paramref name="key"/>, if there is one.</summary>
    public bool TryGetValue(ReadOnlySpan<byte> key, out double value) => lookup.TryGetValue(key, out value);

    /// <summary>Removes every row.</summary>
    public void Clear() => rows.Clear();

    /// <summary>The rows in the order they were first added.</summary>
    public IEnumerable<TableRow> Rows
    {
        get
        {
            foreach (var (key, value) in rows) yield return new TableRow(key, value);
        }
    }

    /// <summary>The rows shown: largest values first (rows with equal values in the order they were added), at most <see cref="Top"/>.</summary>
    public List<TableRow> Sorted()
    {
        var sorted = new List<(TableRow Row, int Order)>(rows.Count);
        foreach (var (key, value) in rows) sorted.Add((new TableRow(key, value), sorted.Count));
        sorted.Sort(static (a, b) => b.Row.Value.CompareTo(a.Row.Value) is var c and not 0 ? c : a.Order.CompareTo(b.Order));
        int count = Top > 0 ? Math.Min(Top, sorted.Count) : sorted.Count;
        var shown = new List<TableRow>(count);
        for (int i = 0; i < count; i++) shown.Add(sorted[i].Row);
        return shown;
    }

    /// <summary>Byte keys compared by content, hashed 8 bytes at a time with a per-process seed (keys come from capture data).</summary>
    sealed class KeyComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
    {
        public static readonly KeyComparer Instance = new();
        static readonly ulong Seed = (ulong)Random.Shared.NextInt64() | 1;

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);
        public int GetHashCode(byte[] key) => Hash(key);
        public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);
        public int GetHashCode(ReadOnlySpan<byte> alternate) => Hash(alternate);
        public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();

        static int Hash(ReadOnlySpan<byte> key)
        {
            const ulong Multiplier = 0x9E3779B97F4A7C15;
            ulong h = Seed ^ (ulong)key.Length * Multiplier;
            for (; key.Length >= 8; key = key[8..])
                h = BitOperations.RotateLeft((h ^ BinaryPrimitives.ReadUInt64LittleEndian(key)) * Multiplier, 29);
            ulong tail = 0;
            for (int i = key.Length - 1; i >= 0; i--) tail = tail << 8 | key[i];
            h = (h ^ tail) * Multiplier;
            return (int)(h ^ h >> 32);
        }
    }
}

/// <summary>A row: its key (the columns joined by <see cref="Table.Separator"/>) and its value.</summary>
/// <param name="Key">The key's bytes, UTF-8.</param>
/// <param name="Value">The row's value.</param>
public readonly record struct TableRow(byte[] Key, double Value)
{
    /// <summary>The key's columns, as text.</summary>
    public string[] Columns => Encoding.UTF8.GetString(Key).Split("\u0001\u0001");
}

/// <summary>Builds a row key column by column without allocating.</summary>
public sealed class TableKey
{
    byte[] buffer = new byte[256];
    int length, columns;

    /// <summary>The key so far.</summary>
    public ReadOnlySpan<byte> Span => buffer.AsSpan(0, length);

    /// <summary>Starts a new key.</summary>
    public TableKey Clear()
    {
        length = columns = 0;
        return this;
    }

    /// <summary>Appends a column.</summary>
    public TableKey Append(ReadOnlySpan<byte> utf8)
    {
        if (columns++ > 0) Put(Table.Separator);
        Put(utf8);
        return this;
    }

    /// <summary>Appends a column of text.</summary>
    public TableKey Append(ReadOnlySpan<char> text)
    {
        Span<byte> bytes = text.Length <= 256 ? stackalloc byte[text.Length * 3] : new byte[Encoding.UTF8.GetMaxByteCount(text.Length)];
        return Append(bytes[..Encoding.UTF8.GetBytes(text, bytes)]);
    }

    /// <summary>Appends a column holding a number in decimal.</summary>
    public TableKey Append(long value)
    {
        Span<byte> digits = stackalloc byte[24];
        value.TryFormat(digits, out int n, default, System.Globalization.CultureInfo.InvariantCulture);
        return Append(digits[..n]);
    }

    void Put(ReadOnlySpan<byte> bytes)
    {
        if (length + bytes.Length > buffer.Length) Array.Resize(ref buffer, Math.Max(buffer.Length * 2, length + bytes.Length));
        bytes.CopyTo(buffer.AsSpan(length));
        length += bytes.Length;
    }
}
