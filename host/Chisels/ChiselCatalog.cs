using Sharpdig.Chisels.Builtin;
using Sharpdig.Chisels.Lua;
using Sharpdig.Chisels.Plugins;
using Sharpdig.Chisels.Scripts;

namespace Sharpdig.Chisels;

/// <summary>The chisel kinds sharpdig knows, and how a chisel name resolves to one of them.</summary>
public static class ChiselCatalog
{
    static readonly BuiltinChiselKind Builtin = new();
    /// <summary>Chisels compiled at run time: in the native sharpdig, stand-ins that hand the run to the runtime build.</summary>
    static readonly IChiselKind Scripts = RuntimeCompilation.IsSupported ? new ScriptChiselKind()
        : new HandoverChiselKind(".csx", "C# script chisel", s => s.SearchPath.ListedDirectories.Any(d => Directory.Exists(d) && Directory.EnumerateFiles(d, "*.csx").Any()));
    static readonly IChiselKind Plugins = RuntimeCompilation.IsSupported ? new PluginChiselKind()
        : new HandoverChiselKind(".dll", "plugin chisel", _ => PluginDirectories.Plugins().Any());

    /// <summary>
    /// In order of precedence: built-in chisels first, so that a name runs the built-in one. Lua is the
    /// first file kind: it also takes files of unknown extension, as sysdig runs any file as Lua. The
    /// script and plugin kinds load Roslyn and the plugin loader only when a chisel of theirs is asked for.
    /// </summary>
    static readonly IChiselKind[] Kinds = [Builtin, new LuaChiselKind(), Scripts, Plugins];

    /// <summary>
    /// Loads chisel <paramref name="name"/>: a built-in chisel of that name; NAME plus a kind's extension
    /// on the search path (NAME.lua, NAME.csx, NAME.dll); a chisel of that name in the plugin directories;
    /// then NAME as a file of any extension.
    /// </summary>
    public static Chisel Load(ChiselSession session, string name)
    {
        var searchPath = session.SearchPath;
        if (Builtin.LoadNamed(session, name) is { } builtin) return builtin;
        foreach (var kind in Kinds)
            if (kind.Extension is { } extension && searchPath.Find(name + extension) is { } path)
                return kind.LoadFile(session, name, path);
        if (Plugins.LoadNamed(session, name) is { } plugin) return plugin;
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
