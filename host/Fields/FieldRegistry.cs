using Sharpdig.Driver.Events;

namespace Sharpdig.Fields;

/// <summary>
/// Every field sharpdig knows, from fields.table (sysdig's catalog: names, types, formats, descriptions)
/// joined with the extractors in <see cref="FieldCatalog"/>. <see cref="Match"/> binds a field as a format
/// string writes it ("%proc.name", "%evt.arg.fd", "%proc.aname[2]"), <see cref="Create"/> as a filter does.
/// </summary>
public static class FieldRegistry
{
    static readonly List<FieldClass> classes = new();
    static readonly Dictionary<string, FieldDefinition> byName = new();

    static FieldRegistry()
    {
        var implementations = FieldCatalog.Implementations();
        FieldClass? current = null;
        using var stream = typeof(FieldRegistry).Assembly.GetManifestResourceStream("fields.table")!;
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#') continue;
            var row = line.Split('\t');
            if (row[0] == "C")
            {
                current = new FieldClass(row[1], row[2], new List<FieldDefinition>());
                classes.Add(current);
                continue;
            }
            var info = new FieldInfo(row[1], EventTable.ParseType(row[2]), FormatOf(row[3]), (FieldFlags)int.Parse(row[4]), row[5], row[6]);
            var definition = new FieldDefinition(info, implementations.GetValueOrDefault(info.Name));
            ((List<FieldDefinition>)current!.Fields).Add(definition);
            byName[info.Name] = definition;
        }
    }

    static PrintFormat FormatOf(string name) => name switch
    {
        "DEC" => PrintFormat.Dec, "HEX" => PrintFormat.Hex, "10_PADDED_DEC" => PrintFormat.PaddedDec,
        "ID" => PrintFormat.Id, "DIR" => PrintFormat.Dir, "OCT" => PrintFormat.Oct, _ => PrintFormat.NA,
    };

    public static IReadOnlyList<FieldClass> Classes => classes;

    public static FieldDefinition? Definition(string name) => byName.GetValueOrDefault(name);

    /// <summary>Binds a field as a filter names it: the whole of <paramref name="name"/>; throws <see cref="FieldException"/>.</summary>
    public static Field Create(string name)
    {
        var field = Match(name, 0, out int consumed, forFilter: true);
        if (field == null || consumed != name.Length) throw new FieldException($"filter_check called with nonexistent field {name}");
        return field;
    }

    /// <summary>
    /// Binds the field that starts at <paramref name="start"/> of <paramref name="text"/>, as sysdig's format
    /// parser does: the longest known name that the text starts with (no word boundary: "%proc.namex" is
    /// proc.name followed by "x"), then whatever argument that field reads. Returns null when no name matches;
    /// throws <see cref="FieldException"/> for a malformed argument or, outside filters, a filter-only field.
    /// </summary>
    public static Field? Match(string text, int start, out int consumed, bool forFilter = false)
    {
        consumed = 0;
        FieldDefinition? best = null;
        foreach (var (name, d) in byName)
            if (string.CompareOrdinal(text, start, name, 0, name.Length) == 0 && (best == null || name.Length > best.Info.Name.Length))
                best = d;
        if (best == null) return null;
        var field = best.Bind(new FieldText(text, start, best.Info.Name.Length), forFilter, out consumed);
        field.Text = text.Substring(start, consumed);
        return field;
    }
}

/// <summary>The text a field is read from: <see cref="Text"/> from <see cref="Start"/> on, whose first <see cref="NameLength"/> characters are its name.</summary>
public readonly record struct FieldText(string Text, int Start, int NameLength)
{
    /// <summary>Everything from the field name on, as sysdig's parsers (and their error messages) see it.</summary>
    public string Rest => Text[Start..];

    /// <summary>The character <paramref name="offset"/> places after the start of the name, or '\0' past the end.</summary>
    public char At(int offset) => Start + offset < Text.Length ? Text[Start + offset] : '\0';

    /// <summary>The text from <paramref name="offset"/> (relative to the name's start) to the end.</summary>
    public string From(int offset) => Start + offset < Text.Length ? Text[(Start + offset)..] : "";
}

/// <summary>Reads a field and its argument from <paramref name="text"/>; <paramref name="consumed"/> counts from the name's start.</summary>
public delegate Field FieldParser(FieldInfo info, FieldText text, out int consumed);

/// <summary>A field's catalog entry and, when sharpdig implements it, how to read and build it.</summary>
public sealed class FieldDefinition(FieldInfo info, FieldImplementation? implementation)
{
    public FieldInfo Info { get; } = info;

    internal Field Bind(FieldText text, bool forFilter, out int consumed)
    {
        if (implementation is { Parser: { } parser }) return parser(Info, text, out consumed);
        // Fields without an argument of their own refuse, in formats, to be filter-only.
        if (!forFilter && (Info.Flags & FieldFlags.FilterOnly) != 0)
            throw new FieldException($"{text.Rest} is filter only and cannot be used as a display field");
        consumed = text.NameLength;
        return implementation?.Factory?.Invoke(Info) ?? new NoValueField(Info);
    }
}

/// <summary>How to build an extractor: a factory for plain fields, or a parser for fields that read an argument.</summary>
public sealed record FieldImplementation(Func<FieldInfo, Field>? Factory, FieldParser? Parser);

/// <summary>A group of fields as -l shows them.</summary>
public sealed record FieldClass(string Title, string Description, IReadOnlyList<FieldDefinition> Fields);

/// <summary>A field name or argument that cannot be used, or a value sysdig cannot print.</summary>
public sealed class FieldException(string message) : Exception(message);
