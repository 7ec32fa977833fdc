using Sharpdig.BuiltinChisels;
using Sharpdig.Chisels.Managed;

namespace Sharpdig.Chisels.Builtin;

/// <summary>
/// The built-in C# chisels (the chisels/ project): "-c NAME" runs one when NAME is its name, ahead of any
/// NAME.lua on the search path; a path or a file name never names one.
/// </summary>
sealed class BuiltinChiselKind : IChiselKind
{
    public string? Extension => null;

    public Chisel LoadFile(ChiselSession session, string name, string path) => throw new InvalidOperationException("built-in chisels are not files");

    public Chisel? LoadNamed(ChiselSession session, string name) =>
        Builtins.Create(name) is { } chisel ? new ManagedChisel(session, chisel) : null;

    public IEnumerable<ChiselInfo> List(ChiselSession session) =>
        Builtins.Names.Select(n => Builtins.Create(n)!).Where(c => !c.Hidden).Select(c => ManagedChisel.Describe(c));
}
