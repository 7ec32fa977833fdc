using Sharpdig.Chisels.Builtin;
using Sharpdig.Chisels.Lua;
using Sharpdig.Chisels.Plugins;
using Sharpdig.Chisels.Scripts;

namespace Sharpdig.Chisels;

/// <summary>The chisel kinds sharpdig knows, and how a chisel name resolves to one of them.</summary>
public static class ChiselCatalog
{
    /// <summary>
    /// In order of precedence. Lua is the first file kind: it also takes files of unknown extension, as
    /// sysdig runs any file as Lua. Script and plugin kinds load Roslyn and plugin loading only when used.
    /// </summary>
    static readonly IChiselKind[] Kinds = [new BuiltinChiselKind(), new LuaChiselKind(), new ScriptChiselKind(), new PluginChiselKind()];

    /// <summary>
    /// Loads chisel <paramref name="name"/>: a built-in chisel of that name; NAME plus a kind's extension
    /// on the search path; a plugin's chisel of that name; then NAME as a file of any extension.
    /// </summary>
    public static Chisel Load(ChiselSession session, string name)
    {
        var searchPath = session.SearchPath;
        if (Kinds[0].LoadNamed(session, name) is { } builtin) return builtin;
        foreach (var kind in Kinds)
            if (kind.Extension is { } extension && searchPath.Find(name + extension) is { } path)
                return kind.LoadFile(session, name, path);
        foreach (var kind in Kinds.Skip(1))
            if (kind.LoadNamed(session, name) is { } chisel)
                return chisel;
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
