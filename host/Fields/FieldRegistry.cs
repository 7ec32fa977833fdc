using System.Reflection;
using Sharpdig.Driver.Events;

namespace Sharpdig.Fields;

/// <summary>
/// Every field sharpdig knows, from fields.table (sysdig's catalog: names, types, formats, descriptions)
/// joined with the extractors in <see cref="FieldCatalog"/>. <see cref="Create"/> binds a field as
/// written in a filter or format ("proc.name", "evt.arg.fd", "proc.aname[2]") to a new extractor.
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
            var info = new FieldInfo(row[1], TypeOf(row[2]), FormatOf(row[3]), (FieldFlags)int.Parse(row[4]), row[5], row[6]);
            implementations.TryGetValue(info.Name, out var impl);
            var definition = new FieldDefinition(info, impl);
            ((List<FieldDefinition>)current!.Fields).Add(definition);
            byName[info.Name] = definition;
        }
    }

    static ParamType TypeOf(string name) => name switch
    {
        "DYNAMIC" => ParamType.Dynamic,
        _ => Enum.GetValues<ParamType>().First(t => EventTable.TypeName(t) == name),
    };

    static PrintFormat FormatOf(string name) => name switch
    {
        "DEC" => PrintFormat.Dec, "HEX" => PrintFormat.Hex, "10_PADDED_DEC" => PrintFormat.PaddedDec,
        "ID" => PrintFormat.Id, "DIR" => PrintFormat.Dir, "OCT" => PrintFormat.Oct, _ => PrintFormat.NA,
    };

    public static IReadOnlyList<FieldClass> Classes => classes;

    public static FieldDefinition? Definition(string name) => byName.GetValueOrDefault(name);

    /// <summary>Binds <paramref name="text"/> (the whole of it) to a field; throws <see cref="FieldException"/>.</summary>
    public static Field Create(string text)
    {
        var field = Match(text, 0, out int consumed) ?? throw new FieldException($"invalid formatting token {text}");
        if (consumed != text.Length) throw new FieldException($"invalid formatting token {text}");
        return field;
    }

    /// <summary>
    /// Binds the field that starts at <paramref name="start"/> of <paramref name="text"/>: the longest
    /// known name there, then its argument ("[N]", "[key]" or ".key") when the field takes one.
    /// Returns null when no field name starts there.
    /// </summary>
    public static Field? Match(string text, int start, out int consumed)
    {
        consumed = 0;
        FieldDefinition? best = null;
        foreach (var (name, d) in byName)
        {
            if (string.CompareOrdinal(text, start, name, 0, name.Length) != 0) continue;
            int end = start + name.Length;
            if (end < text.Length && IsNameChar(text[end]))
            {
                // "proc.name2" is not proc.name; "evt.arg.fd" is evt.arg with key "fd".
                if (!(text[end] == '.' && d.Syntax == ArgumentSyntax.Key)) continue;
            }
            if (best == null || name.Length > best.Info.Name.Length) best = d;
        }
        if (best == null) return null;
        int pos = start + best.Info.Name.Length;
        string? argument = null;
        if (best.Syntax != ArgumentSyntax.None && pos < text.Length && text[pos] == '[')
        {
            int close = text.IndexOf(']', pos);
            if (close < 0) throw new FieldException($"missing ']' after {best.Info.Name}");
            argument = text[(pos + 1)..close];
            pos = close + 1;
        }
        else if (best.Syntax == ArgumentSyntax.Key && pos < text.Length && text[pos] == '.')
        {
            int end = pos + 1;
            while (end < text.Length && (IsNameChar(text[end]) || text[end] is '-' or '/' or ':')) end++;
            argument = text[(pos + 1)..end];
            pos = end;
        }
        if ((best.Info.Flags & FieldFlags.RequiresArgument) != 0 && string.IsNullOrEmpty(argument))
            throw new FieldException($"filter syntax error: {best.Info.Name} requires an argument");
        var field = best.Create(argument);
        field.Text = text[start..pos];
        consumed = pos - start;
        return field;
    }

    static bool IsNameChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '.';
}

/// <summary>A field's catalog entry and, when sharpdig implements it, its extractor factory.</summary>
public sealed class FieldDefinition(FieldInfo info, FieldImplementation? implementation)
{
    public FieldInfo Info { get; } = info;
    public ArgumentSyntax Syntax => implementation?.Syntax ?? ((Info.Flags & FieldFlags.RequiresArgument) != 0 ? ArgumentSyntax.Key : ArgumentSyntax.None);

    public Field Create(string? argument) =>
        implementation?.Factory(Info, argument) ?? new UnavailableField(Info);
}

/// <summary>How to build an extractor for a field, and the argument syntax it accepts.</summary>
public sealed record FieldImplementation(Func<FieldInfo, string?, Field> Factory, ArgumentSyntax Syntax = ArgumentSyntax.None);

/// <summary>A group of fields as -l shows them.</summary>
public sealed record FieldClass(string Title, string Description, IReadOnlyList<FieldDefinition> Fields);

/// <summary>A field name or argument that cannot be used.</summary>
public sealed class FieldException(string message) : Exception(message);

/// <summary>A field whose data a capture cannot hold (k8s, mesos...): it never has a value, as in sysdig without that metadata.</summary>
sealed class UnavailableField(FieldInfo info) : Field(info);
