namespace Sharpdig.Chisels.Scripts;

/// <summary>C# script chisels: *.csx files on the search path, compiled with Roslyn and cached on disk.</summary>
sealed class ScriptChiselKind : IChiselKind
{
    public string? Extension => ".csx";

    public Chisel LoadFile(ChiselSession session, string name, string path) => throw new ChiselException($"can't open file {name}");

    public Chisel? LoadNamed(ChiselSession session, string name) => null;

    public IEnumerable<ChiselInfo> List(ChiselSession session) => [];
}
