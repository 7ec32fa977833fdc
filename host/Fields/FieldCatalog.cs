namespace Sharpdig.Fields;

/// <summary>The extractors sharpdig implements, by field name; each field class registers its own.</summary>
static class FieldCatalog
{
    public static Dictionary<string, FieldImplementation> Implementations()
    {
        var d = new Dictionary<string, FieldImplementation>();
        EventFields.Register(d);
        ArgumentFields.Register(d);
        ThreadFields.Register(d);
        UserFields.Register(d);
        ContainerFields.Register(d);
        FdFields.Register(d);
        SyslogFields.Register(d);
        FdListFields.Register(d);
        MetadataFields.Register(d);
        TracerFields.Register(d);
        return d;
    }

    /// <summary>A field without an argument.</summary>
    internal static void Add(this Dictionary<string, FieldImplementation> d, string name, Func<FieldInfo, Field> factory) =>
        d[name] = new FieldImplementation(factory, null);

    /// <summary>A field that reads an argument (or parses its name in some way of its own).</summary>
    internal static void Add(this Dictionary<string, FieldImplementation> d, string name, FieldParser parser) =>
        d[name] = new FieldImplementation(null, parser);
}
