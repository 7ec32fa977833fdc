using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using McMaster.NETCore.Plugins;

namespace Sharpdig.Chisels.Plugins;

/// <summary>
/// A plugin assembly loaded in a context of its own: it shares only the SDK's types with sharpdig, so it
/// brings its own dependencies, in whatever versions it was built with (another version of a library
/// sharpdig uses too included). Its chisels are its public classes deriving from Sharpdig.Sdk.Chisel.
/// </summary>
[RequiresDynamicCode("loads and instantiates assemblies compiled at run time")]
sealed class Plugin
{
    static readonly Dictionary<string, Plugin> loaded = new(StringComparer.Ordinal);

    Plugin(string path, IReadOnlyList<Type> chisels)
    {
        Path = path;
        Chisels = chisels;
        var manifest = PluginManifest.Read(global::System.IO.Path.GetDirectoryName(path)!);
        Origin = manifest != null ? $"plugin {manifest}, {path}" : $"plugin {path}";
    }

    /// <summary>The plugin's main assembly.</summary>
    public string Path { get; }

    /// <summary>What -cl shows of where its chisels come from.</summary>
    public string Origin { get; }

    /// <summary>Its chisel classes.</summary>
    public IReadOnlyList<Type> Chisels { get; }

    /// <summary>Loads the plugin at <paramref name="path"/> (once per run); a plugin that cannot load is a <see cref="ChiselException"/> naming it and why.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = RuntimeCompilation.UntrimmedOnly)]
    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = RuntimeCompilation.UntrimmedOnly)]
    public static Plugin Load(string path)
    {
        var full = global::System.IO.Path.GetFullPath(path);
        if (loaded.TryGetValue(full, out var plugin)) return plugin;
        try
        {
            var loader = PluginLoader.CreateFromAssemblyFile(full, sharedTypes: [typeof(Sharpdig.Sdk.Chisel)]);
            var assembly = loader.LoadDefaultAssembly();
            var chisels = assembly.GetExportedTypes()
                .Where(t => !t.IsAbstract && typeof(Sharpdig.Sdk.Chisel).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) != null)
                .OrderBy(t => t.FullName, StringComparer.Ordinal).ToList();
            if (chisels.Count == 0) throw new ChiselException($"plugin {path}: no public chisel class (deriving from Sharpdig.Sdk.Chisel, with a constructor without parameters)");
            plugin = new Plugin(full, chisels);
        }
        catch (Exception e) when (e is not ChiselException)
        {
            throw new ChiselException($"plugin {path} failed to load: {Reason(e)}");
        }
        loaded[full] = plugin;
        return plugin;
    }

    /// <summary>A new instance of chisel class <paramref name="type"/>; its constructor failing is a <see cref="ChiselException"/>.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2067", Justification = RuntimeCompilation.UntrimmedOnly)]
    public Sharpdig.Sdk.Chisel Create(Type type)
    {
        try
        {
            return (Sharpdig.Sdk.Chisel)Activator.CreateInstance(type)!;
        }
        catch (TargetInvocationException e)
        {
            throw new ChiselException($"plugin {Path}: chisel class {type.Name} failed to start: {Reason(e.InnerException ?? e)}");
        }
    }

    static string Reason(Exception e) => e switch
    {
        ReflectionTypeLoadException r => r.LoaderExceptions.FirstOrDefault(x => x != null)?.Message ?? r.Message,
        TargetInvocationException { InnerException: { } inner } => Reason(inner),
        _ => e.Message,
    };
}
