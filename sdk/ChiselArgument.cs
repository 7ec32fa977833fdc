using System.Globalization;

namespace Sharpdig.Sdk;

/// <summary>A declared argument of a chisel, as -i shows it and the command line sets it.</summary>
public abstract class ChiselArgument
{
    private protected ChiselArgument(Chisel chisel, string name, string description, bool optional, string typeName)
    {
        Chisel = chisel;
        Name = name;
        Description = description;
        Optional = optional;
        TypeName = typeName;
    }

    /// <summary>The chisel that declared it.</summary>
    public Chisel Chisel { get; }

    /// <summary>The argument's name.</summary>
    public string Name { get; }

    /// <summary>What it means.</summary>
    public string Description { get; }

    /// <summary>Whether it may be left out.</summary>
    public bool Optional { get; }

    /// <summary>The type label -i shows ("string", "int", "filter", ...).</summary>
    public string TypeName { get; }

    /// <summary>Whether the command line gave it.</summary>
    public bool IsSet { get; private protected set; }

    /// <summary>The text the command line gave, or null.</summary>
    public string? Text { get; private protected set; }

    /// <summary>Sets the argument from its command-line text; a value that does not parse is a <see cref="ChiselError"/>.</summary>
    public abstract void Set(string text);
}

/// <summary>A typed argument: <see cref="Value"/> is the parsed command-line text, or the default.</summary>
public sealed class ChiselArgument<T> : ChiselArgument
{
    readonly Func<string, T> parse;

    internal ChiselArgument(Chisel chisel, string name, string description, bool optional, T defaultValue, string? typeName,
        Func<string, T>? parse)
        : base(chisel, name, description, optional, typeName ?? DefaultTypeName())
    {
        Value = defaultValue;
        this.parse = parse ?? DefaultParser();
    }

    /// <summary>The value: parsed from the command line, or the default.</summary>
    public T Value { get; private set; }

    /// <inheritdoc/>
    public override void Set(string text)
    {
        try
        {
            Value = parse(text);
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
            throw new ChiselError($"chisel {Chisel.Name}: argument {Name}: '{text}' is not a valid {TypeName}");
        }
        Text = text;
        IsSet = true;
    }

    /// <summary>The value of an argument.</summary>
    public static implicit operator T(ChiselArgument<T> argument) => argument.Value;

    static string DefaultTypeName() => typeof(T) == typeof(string) ? "string"
        : typeof(T) == typeof(int) || typeof(T) == typeof(long) ? "int"
        : typeof(T) == typeof(ulong) || typeof(T) == typeof(uint) ? "uint"
        : typeof(T) == typeof(double) ? "double"
        : typeof(T) == typeof(bool) ? "bool"
        : typeof(T).Name.ToLowerInvariant();

    static Func<string, T> DefaultParser()
    {
        var c = CultureInfo.InvariantCulture;
        object? parser = Type.GetTypeCode(typeof(T)) switch
        {
            TypeCode.String => (Func<string, string>)(s => s),
            TypeCode.Int32 => (Func<string, int>)(s => int.Parse(s, NumberStyles.Integer, c)),
            TypeCode.Int64 => (Func<string, long>)(s => long.Parse(s, NumberStyles.Integer, c)),
            TypeCode.UInt32 => (Func<string, uint>)(s => uint.Parse(s, NumberStyles.None, c)),
            TypeCode.UInt64 => (Func<string, ulong>)(s => ulong.Parse(s, NumberStyles.None, c)),
            TypeCode.Double => (Func<string, double>)(s => double.Parse(s, NumberStyles.Float, c)),
            TypeCode.Boolean => (Func<string, bool>)bool.Parse,
            _ => null,
        };
        return parser as Func<string, T> ?? throw new ArgumentException($"argument type {typeof(T).Name} needs a parser");
    }
}
