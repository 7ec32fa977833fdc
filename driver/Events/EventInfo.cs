namespace Sharpdig.Driver.Events;

/// <summary>One event type: enter and exit of a syscall are two types with consecutive ids.</summary>
public sealed class EventInfo(int id, string name, EventCategory category, EventFlags flags, ParamInfo[] parameters)
{
    public int Id { get; } = id;
    public string Name { get; } = name;
    public byte[] NameUtf8 { get; } = System.Text.Encoding.UTF8.GetBytes(name);
    public EventCategory Category { get; } = category;
    public EventFlags Flags { get; } = flags;
    public ParamInfo[] Params { get; } = parameters;

    /// <summary>The first parameter is the syscall's result (named res... or fd...), so a negative value is an errno.</summary>
    public bool FirstParamIsResult { get; } = parameters.Length > 0 &&
        (parameters[0].Name.StartsWith("res", StringComparison.Ordinal) || parameters[0].Name.StartsWith("fd", StringComparison.Ordinal));

    /// <summary>Even ids are enter events ('&gt;'), odd ids exit events ('&lt;').</summary>
    public bool IsEnter => (Id & 1) == 0;

    public int ParamIndex(string paramName) => Array.FindIndex(Params, p => p.Name == paramName);

    public override string ToString() => Name;
}

/// <summary>One parameter of an event type.</summary>
public sealed class ParamInfo(string name, ParamType type, PrintFormat format)
{
    public string Name { get; } = name;
    public byte[] NameUtf8 { get; } = System.Text.Encoding.UTF8.GetBytes(name);
    public ParamType Type { get; } = type;
    public PrintFormat Format { get; } = format;
    /// <summary>Names of the bits or values of a flags/mode parameter.</summary>
    public FlagTable? Flags { get; init; }
    /// <summary>For a dynamic parameter: its possible types, chosen by the payload's first byte.</summary>
    public ParamInfo[]? Alternatives { get; init; }
    /// <summary>For a path relative to a directory fd: the index of that fd parameter.</summary>
    public int DirFdParam { get; init; } = -1;
}
