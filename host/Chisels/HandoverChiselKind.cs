namespace Sharpdig.Chisels;

/// <summary>
/// Stands in, in the native sharpdig, for a kind of chisel that needs the JIT (.csx scripts, plugins): any
/// use of one of its chisels — loading it, or listing where one exists — hands the run over to the
/// runtime build, which has the real kind.
/// </summary>
sealed class HandoverChiselKind(string extension, string what, Func<ChiselSession, bool> anyListed) : IChiselKind
{
    public string? Extension => extension;

    public Chisel LoadFile(ChiselSession session, string name, string path) => throw new RuntimeHandoverException($"{what} {path}");

    /// <summary>Named chisels of this kind can only be told apart by loading them: with any present, the runtime build looks.</summary>
    public Chisel? LoadNamed(ChiselSession session, string name) =>
        anyListed(session) ? throw new RuntimeHandoverException($"{what} named {name}?") : null;

    public IEnumerable<ChiselInfo> List(ChiselSession session) =>
        anyListed(session) ? throw new RuntimeHandoverException($"listing {what}s") : [];
}
