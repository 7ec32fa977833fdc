namespace Sharpdig.Driver.Events;

/// <summary>Names for the bits (or values) of a flags parameter, in the table's order, which printing keeps.</summary>
public sealed class FlagTable(string name, (uint Value, string Name)[] entries)
{
    public string Name { get; } = name;
    public (uint Value, string Name)[] Entries { get; } = entries;
}
