namespace Sharpdig.Chisels.Plugins;

/// <summary>Plugin chisels: assemblies in the plugin directories (or given by path), loaded in their own context.</summary>
sealed class PluginChiselKind : IChiselKind
{
    public string? Extension => ".dll";

    public Chisel LoadFile(ChiselSession session, string name, string path) => throw new ChiselException($"can't open file {name}");

    public Chisel? LoadNamed(ChiselSession session, string name) => null;

    public IEnumerable<ChiselInfo> List(ChiselSession session) => [];
}
