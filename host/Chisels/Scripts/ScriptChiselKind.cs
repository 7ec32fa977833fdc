using System.Diagnostics.CodeAnalysis;
using Sharpdig.Chisels.Managed;

namespace Sharpdig.Chisels.Scripts;

/// <summary>
/// C# script chisels: *.csx files (on the search path, or by path) that declare a class deriving from
/// Sharpdig.Sdk.Chisel. Each is compiled once with Roslyn and cached on disk (<see cref="ScriptCache"/>);
/// runs that use no script never load Roslyn. A script is known by its file name, as Lua scripts are.
/// </summary>
[RequiresDynamicCode("loads and instantiates assemblies compiled at run time")]
sealed class ScriptChiselKind : IChiselKind
{
    public string? Extension => ".csx";

    public Chisel LoadFile(ChiselSession session, string name, string path) =>
        new ManagedChisel(session, ScriptCache.Instantiate(path), Path.GetFileNameWithoutExtension(path));

    public Chisel? LoadNamed(ChiselSession session, string name) => null;

    public IEnumerable<ChiselInfo> List(ChiselSession session)
    {
        foreach (var dir in session.SearchPath.ListedDirectories)
        {
            if (!Directory.Exists(dir)) continue;
            foreach (var file in Directory.EnumerateFiles(dir, "*.csx").Order(StringComparer.Ordinal))
            {
                Sharpdig.Sdk.Chisel chisel;
                try
                {
                    chisel = ScriptCache.Instantiate(file);
                }
                catch (ChiselException)
                {
                    // As for Lua scripts: one that does not load is not listed.
                    continue;
                }
                if (!chisel.Hidden) yield return ManagedChisel.Describe(chisel, Path.GetFileNameWithoutExtension(file));
            }
        }
    }
}
