using System.Diagnostics.CodeAnalysis;
using Sharpdig.Chisels.Managed;

namespace Sharpdig.Chisels.Plugins;

/// <summary>
/// Plugin chisels: found by name in the plugin directories (<see cref="PluginDirectories"/>), or run by
/// the path of their assembly. A plugin that fails to load is named on stderr with the reason, and the
/// other chisels still run. McMaster's plugin loader is loaded only when a plugin is asked for.
/// </summary>
[RequiresDynamicCode("loads and instantiates assemblies compiled at run time")]
sealed class PluginChiselKind : IChiselKind
{
    public string? Extension => ".dll";

    /// <summary>An assembly given by path: its one chisel (several must be installed and run by name).</summary>
    public Chisel LoadFile(ChiselSession session, string name, string path)
    {
        var plugin = Plugin.Load(path);
        if (plugin.Chisels.Count > 1)
        {
            var names = string.Join(", ", plugin.Chisels.Select(t => plugin.Create(t).Name));
            throw new ChiselException($"plugin {path} holds several chisels ({names}): put it in a plugin directory and run one by name");
        }
        return new ManagedChisel(session, plugin.Create(plugin.Chisels[0]), origin: plugin.Origin);
    }

    public Chisel? LoadNamed(ChiselSession session, string name)
    {
        foreach (var (plugin, chisel) in Installed())
            if (chisel.Name == name)
                return new ManagedChisel(session, chisel, origin: plugin.Origin);
        return null;
    }

    public IEnumerable<ChiselInfo> List(ChiselSession session) =>
        Installed().Where(p => !p.Chisel.Hidden).Select(p => ManagedChisel.Describe(p.Chisel, origin: p.Plugin.Origin));

    static List<(Plugin Plugin, Sharpdig.Sdk.Chisel Chisel)>? installed;

    /// <summary>Every chisel of every plugin that loads (found once per run); those that do not are reported on stderr.</summary>
    static List<(Plugin Plugin, Sharpdig.Sdk.Chisel Chisel)> Installed() => installed ??= Find();

    static List<(Plugin Plugin, Sharpdig.Sdk.Chisel Chisel)> Find()
    {
        var all = new List<(Plugin, Sharpdig.Sdk.Chisel)>();
        foreach (var path in PluginDirectories.Plugins())
        {
            var chisels = new List<(Plugin, Sharpdig.Sdk.Chisel)>();
            try
            {
                var plugin = Plugin.Load(path);
                foreach (var type in plugin.Chisels) chisels.Add((plugin, plugin.Create(type)));
            }
            catch (ChiselException e)
            {
                Console.Error.WriteLine($"sharpdig: {e.Message}");
                continue;
            }
            all.AddRange(chisels);
        }
        return all;
    }
}
