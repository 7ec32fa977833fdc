using Sharpdig.Sdk;

namespace Sharpdig.BuiltinChisels;

/// <summary>
/// What sysdig's table_generator does, and the chisels built on it: sum a value field over the events
/// that pass a filter, grouped by one or more key fields, and print the table at the end (every second,
/// live). Events without a key, or without a positive value, are not counted.
/// </summary>
/// <remarks>
/// Key columns are bound once (<see cref="KeyColumn"/>). A table keyed by evt.type alone is summed per
/// <see cref="ChiselEvent.TypeId"/> in arrays and named at printing time, which spares hashing a name per event.
/// </remarks>
abstract class TableChisel : Chisel
{
    KeyColumn[] keys = [];
    DoubleField value = null!;
    Table? table;
    TypeTotals? byType;
    /// <summary>Lua cannot make text of a lone boolean key: sysdig's table then shows no rows.</summary>
    bool rowsFail;

    /// <summary>The table's layout, chosen in <see cref="Chisel.Initialize"/> (it may depend on -pc).</summary>
    protected abstract TableSpec Spec();

    public override void Initialize()
    {
        var spec = Spec();
        if (spec.Keys.Length != spec.KeyHeadings.Length)
        {
            Host.Out.WriteLine("error: number of entries in keys different from number entries in keydescs");
            throw new ChiselError($"init() for chisel {Name} failed.");
        }
        // The table comes before the fields: when a field is unknown, sysdig still prints the empty table at the end.
        table = new Table(spec.Keys.Zip(spec.KeyHeadings, (k, h) => new TableColumn(k, h)).ToArray(),
            new TableColumn(spec.Value, spec.ValueHeading), spec.Units, spec.Top);
        var fields = spec.Keys.Select(Host.Field).ToArray();
        keys = fields.Select(KeyColumn.For).ToArray();
        rowsFail = keys is [{ IsBoolean: true }];
        value = Host.Double(spec.Value);
        if (spec.Filter.Length > 0) Host.Filter = spec.Filter;
        if (spec.Keys is ["evt.type"]) byType = new TypeTotals(Host.EventTypeIdCount, (TextField)fields[0]);
    }

    public override void OnCaptureStart()
    {
        if (!Host.IsLive) return;
        Host.IntervalNs = 1_000_000_000;
        if (!Host.IsJson) Host.Out.Write(Terminal.ClearScreen + Terminal.HideCursor);
    }

    public override bool OnEvent(ChiselEvent e)
    {
        if (byType != null)
        {
            if (TryGetValue(out double v)) byType.Add(e.TypeId, v);
            return true;
        }
        var key = table!.Key.Clear();
        foreach (var column in keys)
            if (!column.AppendTo(key))
                return true;
        if (TryGetValue(out double sum)) table.Add(sum);
        return true;
    }

    /// <summary>What the current event adds to its row: the value field's value, when positive.</summary>
    protected virtual bool TryGetValue(out double v) => value.TryGet(out v) && v > 0;

    public override void OnInterval(ulong timestamp, ulong delta)
    {
        if (!Host.IsJson) Host.Out.Write(Terminal.ClearScreen + Terminal.Home);
        Print(timestamp, delta);
        table!.Clear();
    }

    public override void OnCaptureEnd(ulong timestamp, ulong delta)
    {
        if (table == null) return;
        if (Host.IsLive && !Host.IsJson)
        {
            Host.Out.Write(Terminal.ClearScreen + Terminal.Home + Terminal.ShowCursor);
            return;
        }
        Print(timestamp, delta);
    }

    void Print(ulong timestamp, ulong delta)
    {
        byType?.MoveTo(table!);
        if (rowsFail && table!.Count > 0)
        {
            // The Lua chisel fails at its first row: the text table keeps its heading, the JSON one prints nothing.
            if (!Host.IsJson) Host.Print(new Table(table.Keys, table.Value, table.Units, table.Top), timestamp, delta);
            return;
        }
        Host.Print(table!, timestamp, delta);
    }

    /// <summary>Sums per event type id, named by the evt.type of the first event of each id.</summary>
    sealed class TypeTotals(int count, TextField type)
    {
        readonly double[] sums = new double[count];
        readonly bool[] counted = new bool[count], named = new bool[count];
        readonly byte[]?[] names = new byte[]?[count];

        public void Add(int id, double v)
        {
            if (!named[id])
            {
                named[id] = true;
                names[id] = type.TryGet(out var name) ? name.ToArray() : null;
            }
            if (names[id] == null) return;
            sums[id] += v;
            counted[id] = true;
        }

        /// <summary>Adds the sums to <paramref name="table"/> (the ids of one name into one row) and starts over.</summary>
        public void MoveTo(Table table)
        {
            for (int id = 0; id < sums.Length; id++)
            {
                if (!counted[id]) continue;
                table.Add(names[id]!, sums[id]);
                sums[id] = 0;
                counted[id] = false;
            }
        }
    }
}

/// <summary>A table_generator table: key fields and their headings, the value field, its heading and units, a filter, how many rows.</summary>
sealed record TableSpec(string[] Keys, string[] KeyHeadings, string Value, string ValueHeading, string Filter, int Top, Units Units);

/// <summary>sysdig's table_generator itself: every part of the table given as arguments.</summary>
sealed class TableGenerator : TableChisel
{
    public override string Name => "table_generator";
    public override string Category => "Filter";
    public override string ShortDescription => "Filter on a key and value";
    public override string Description => "Given two filter fields, a key and a value, this chisel creates and renders a table to the screen.";
    public override bool Hidden => true;
    readonly ChiselArgument<string> keys, keyDescs, value, valueDesc, filter, topNumber, valueUnits;

    public TableGenerator()
    {
        keys = Argument<string>("keys", "comma-separated list of filter fields to use for grouping");
        keyDescs = Argument<string>("keydescs", "comma separated list of human readable descriptions for the key");
        value = Argument<string>("value", "the value to count for every key");
        valueDesc = Argument<string>("valuedesc", "human readable description for the value");
        filter = Argument<string>("filter", "the filter to apply");
        topNumber = Argument<string>("top_number", "maximum number of elements to display");
        valueUnits = Argument<string>("value_units", "how to render the values in the result. Can be 'bytes', 'time', 'timepct', or 'none'.");
    }

    protected override TableSpec Spec() =>
        new(keys.Value.Split(','), keyDescs.Value.Split(','), value.Value, valueDesc.Value, filter.Value ?? "",
            (int)(LuaValues.ToNumber(topNumber.Value ?? "") ?? 0), UnitsOf(valueUnits.Value));

    internal static Units UnitsOf(string? name) => name switch
    {
        "bytes" => Units.Bytes,
        "time" => Units.Time,
        "timepct" => Units.TimePercent,
        _ => Units.None,
    };
}
