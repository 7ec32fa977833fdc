namespace Sharpdig.Fields;

/// <summary>The extractors sharpdig implements, by field name; each family registers its own.</summary>
static partial class FieldCatalog
{
    public static Dictionary<string, FieldImplementation> Implementations()
    {
        var d = new Dictionary<string, FieldImplementation>();
        EventFields.Register(d);
        ThreadFields.Register(d);
        return d;
    }

    internal static void Add(this Dictionary<string, FieldImplementation> d, string name, Func<FieldInfo, Field> factory) =>
        d[name] = new FieldImplementation((info, _) => factory(info));

    internal static void Add(this Dictionary<string, FieldImplementation> d, string name, ArgumentSyntax syntax, Func<FieldInfo, string?, Field> factory) =>
        d[name] = new FieldImplementation(factory, syntax);
}
