namespace Sharpdig.Chisels.Lua;

/// <summary>Lua chisels: *.lua files on the search path, run by <see cref="LuaChisel"/>.</summary>
sealed class LuaChiselKind : IChiselKind
{
    public string? Extension => ".lua";

    public Chisel LoadFile(ChiselSession session, string name, string path) => LuaChisel.Load(session, name, path);

    public Chisel? LoadNamed(ChiselSession session, string name) => null;

    public IEnumerable<ChiselInfo> List(ChiselSession session)
    {
        // Listings go on without the Lua chisels, saying why.
        if (!LuaNative.Available)
        {
            Console.Error.WriteLine(LuaNative.MissingMessage);
            yield break;
        }
        foreach (var dir in session.SearchPath.ListedDirectories)
        {
            if (!Directory.Exists(dir)) continue;
            foreach (var file in Directory.EnumerateFiles(dir).Where(f => f.EndsWith(".lua", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
                if (LuaChisel.Describe(session, file) is { } info) yield return info;
        }
    }
}
