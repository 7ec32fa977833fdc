namespace Sharpdig.Chisels;

/// <summary>
/// A kind of chisel: Lua scripts, C# scripts, plugins, the built-in C# chisels. Each loads into a
/// <see cref="Chisel"/>; kinds share the search path, sysdig's argument rules, the -cl/-i listings and
/// the session's event dispatch.
/// </summary>
public interface IChiselKind
{
    /// <summary>The file extension of this kind's chisels (".lua", ".csx"), or null when its chisels are not files.</summary>
    string? Extension { get; }

    /// <summary>Loads the chisel in file <paramref name="path"/>, asked for as <paramref name="name"/>. Load errors are <see cref="ChiselException"/>s.</summary>
    Chisel LoadFile(ChiselSession session, string name, string path);

    /// <summary>Loads this kind's chisel called <paramref name="name"/>; null when it has none (file kinds find theirs on the search path instead).</summary>
    Chisel? LoadNamed(ChiselSession session, string name);

    /// <summary>The chisels of this kind that -cl lists (for file kinds, the loadable files of the listed directories).</summary>
    IEnumerable<ChiselInfo> List(ChiselSession session);
}
