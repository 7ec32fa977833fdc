using Sharpdig.Chisels.Lua;
using Sharpdig.Chisels.Builtin;

namespace Sharpdig.Chisels;

/// <summary>The chisel kinds sharpdig knows, and how a chisel name resolves to one of them.</summary>
public static class ChiselCatalog
{
    /// <summary>
    /// In order of precedence: built-in chisels first, so that a name runs the built-in one. Lua is the
    /// first file kind: it also takes files of unknown extension, as sysdig runs any file as Lua.
    /// </summary>
    static readonly IChiselKind[] Kinds = [new BuiltinChiselKind(), new LuaChiselKind()];

    /// <summary>
    /// Loads chisel <paramref name="name"/>: a chisel of that name of a kind that is not files (a built-in
    /// one); NAME plus a kind's extension on the search path; then NAME as a file of any extension.
    /// </summary>
    public static Chisel Load(ChiselSession session, string name)
    {
        var searchPath = session.SearchPath;
        foreach (var kind in Kinds)
            if (kind.Extension == null && kind.LoadNamed(session, name) is { } named)
                return named;
        foreach (var kind in Kinds)
            if (kind.Extension is { } extension && searchPath.Find(name + extension) is { } path)
                return kind.LoadFile(session, name, path);
        if (searchPath.Find(name) is { } file)
        {
            var kind = Kinds.FirstOrDefault(k => k.Extension != null && file.EndsWith(k.Extension, StringComparison.Ordinal))
                ?? Kinds.First(k => k.Extension != null);
            return kind.LoadFile(session, name, file);
        }
        throw new ChiselException($"can't open file {name}");
    }

    /// <summary>Every listable chisel; of chisels with the same name, the first found wins.</summary>
    public static List<ChiselInfo> List(ChiselSession session)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var list = new List<ChiselInfo>();
        foreach (var kind in Kinds)
            foreach (var info in kind.List(session))
                if (seen.Add(info.Name)) list.Add(info);
        return list;
    }
}
