using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.Loader;
using System.Security.Cryptography;

namespace Sharpdig.Chisels.Scripts;

/// <summary>
/// Compiled scripts on disk, keyed by the script's content, the SDK's build and the runtime's version:
/// the first run compiles (<see cref="ScriptCompiler"/>), later runs load the assembly directly. The
/// directory is $SHARPDIG_CACHE_DIR, else $XDG_CACHE_HOME/sharpdig, else ~/.cache/sharpdig (scripts/ in it).
/// </summary>
[RequiresDynamicCode("loads and instantiates assemblies compiled at run time")]
static class ScriptCache
{
    /// <summary>A new instance of the chisel class the script at <paramref name="path"/> declares.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = RuntimeCompilation.UntrimmedOnly)]
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = RuntimeCompilation.UntrimmedOnly)]
    public static Sharpdig.Sdk.Chisel Instantiate(string path)
    {
        byte[] source;
        try
        {
            source = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ChiselException($"can't open file {path}");
        }
        var assembly = Load(path, source);
        var types = assembly.GetTypes().Where(t => !t.IsAbstract && typeof(Sharpdig.Sdk.Chisel).IsAssignableFrom(t)).ToList();
        if (types.Count != 1)
            throw new ChiselException($"{path}: a chisel script declares one class deriving from Sharpdig.Sdk.Chisel ({types.Count} found)");
        if (types[0].GetConstructor(Type.EmptyTypes) is not { } constructor)
            throw new ChiselException($"{path}: chisel class {types[0].Name} needs a constructor without parameters");
        try
        {
            return (Sharpdig.Sdk.Chisel)constructor.Invoke(null);
        }
        catch (TargetInvocationException e)
        {
            throw new ChiselException($"{path}: chisel class {types[0].Name} failed to start: {e.InnerException?.Message}");
        }
    }

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = RuntimeCompilation.UntrimmedOnly)]
    static Assembly Load(string path, byte[] source)
    {
        var file = Path.Combine(Directory, Key(source) + ".dll");
        if (!File.Exists(file)) Store(file, ScriptCompiler.Compile(path, source));
        return AssemblyLoadContext.Default.LoadFromAssemblyPath(file);
    }

    /// <summary>Writes the assembly and its symbols beside each other, atomically (concurrent runs may compile the same script).</summary>
    static void Store(string file, (byte[] Assembly, byte[] Symbols) compiled)
    {
        try
        {
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            var pdb = Path.ChangeExtension(file, ".pdb");
            var temp = $"{file}.{Environment.ProcessId}.tmp";
            File.WriteAllBytes(temp + ".pdb", compiled.Symbols);
            File.Move(temp + ".pdb", pdb, overwrite: true);
            File.WriteAllBytes(temp, compiled.Assembly);
            File.Move(temp, file, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ChiselException($"can't write the compiled script to {file}: {e.Message}");
        }
    }

    static string Key(byte[] source)
    {
        var sdk = typeof(Sharpdig.Sdk.Chisel).Assembly.ManifestModule.ModuleVersionId.ToString();
        var stamp = System.Text.Encoding.UTF8.GetBytes($"\0{sdk}\0{Environment.Version}");
        return Convert.ToHexStringLower(SHA256.HashData([.. source, .. stamp]))[..32];
    }

    static string Directory
    {
        get
        {
            var root = Environment.GetEnvironmentVariable("SHARPDIG_CACHE_DIR");
            if (string.IsNullOrEmpty(root))
            {
                var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
                var home = Environment.GetEnvironmentVariable("HOME");
                root = !string.IsNullOrEmpty(xdg) ? Path.Combine(xdg, "sharpdig")
                    : !string.IsNullOrEmpty(home) ? Path.Combine(home, ".cache", "sharpdig")
                    : Path.Combine(Path.GetTempPath(), "sharpdig");
            }
            return Path.Combine(root, "scripts");
        }
    }
}
