namespace Sharpdig.Chisels;

/// <summary>
/// A kind of chisel: Lua scripts, and any other kind that loads into a <see cref="Chisel"/> (a .NET
/// object with its fields, filter, callbacks and intervals). Kinds share the search path, sysdig's
/// argument rules, the -cl/-i listings and the session's event dispatch.
/// </summary>
public interface IChiselKind
{
    /// <summary>The file extension of this kind's chisels (".lua"), or null when its chisels are not files.</summary>
    string? Extension { get; }

    /// <summary>
    /// Loads a chisel: from <paramref name="path"/> for file kinds, else by <paramref name="name"/>
    /// (null when this kind has no chisel of that name). Load errors are <see cref="ChiselException"/>s.
    /// </summary>
    Chisel? Load(ChiselSession session, string name, string? path);

    /// <summary>The chisels of this kind that -cl lists (for file kinds, the loadable files of the listed directories).</summary>
    IEnumerable<ChiselInfo> List(ChiselSession session);
}
