namespace Sharpdig.Chisels.Plugins;

/// <summary>
/// Where plugins are installed and looked for: ~/.sharpdig/plugins, /usr/share/sharpdig/plugins, then the
/// directories of SHARPDIG_PLUGIN_PATH (':' separated). Each plugin is a directory of its own holding its
/// assemblies (its main one named in <see cref="PluginManifest"/>, or named like the directory).
/// </summary>
static class PluginDirectories
{
    public const string System = "/usr/share/sharpdig/plugins";

    /// <summary>~/.sharpdig/plugins, where --install-plugin installs; null without a home directory.</summary>
    public static string? User => Environment.GetEnvironmentVariable("HOME") is { Length: > 0 } home
        ? Path.Combine(home, ".sharpdig", "plugins") : null;

    public static IEnumerable<string> All
    {
        get
        {
            if (User is { } user) yield return user;
            yield return System;
            foreach (var dir in (Environment.GetEnvironmentVariable("SHARPDIG_PLUGIN_PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
                yield return dir;
        }
    }

    /// <summary>The main assembly of every plugin in the plugin directories, in order.</summary>
    public static IEnumerable<string> Plugins()
    {
        foreach (var dir in All)
        {
            if (!Directory.Exists(dir)) continue;
            foreach (var plugin in Directory.EnumerateDirectories(dir).Order(StringComparer.Ordinal))
                if (MainAssembly(plugin) is { } assembly) yield return assembly;
        }
    }

    /// <summary>The plugin's main assembly: as its manifest says, else the one named like its directory.</summary>
    static string? MainAssembly(string plugin)
    {
        var assembly = PluginManifest.Read(plugin)?.Assembly ?? Path.GetFileName(plugin) + ".dll";
        var path = Path.Combine(plugin, assembly);
        return File.Exists(path) ? path : null;
    }
}

/// <summary>What --install-plugin records about an installed plugin (sharpdig-plugin.json in its directory).</summary>
sealed record PluginManifest(string Package, string Version, string Assembly)
{
    public const string FileName = "sharpdig-plugin.json";

    public static PluginManifest? Read(string plugin)
    {
        var file = Path.Combine(plugin, FileName);
        if (!File.Exists(file)) return null;
        try
        {
            using var json = global::System.Text.Json.JsonDocument.Parse(File.ReadAllText(file));
            var root = json.RootElement;
            return new PluginManifest(root.GetProperty("package").GetString()!, root.GetProperty("version").GetString()!,
                root.GetProperty("assembly").GetString()!);
        }
        catch (Exception e) when (e is global::System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException or IOException)
        {
            return null;
        }
    }

    public void Write(string plugin)
    {
        using var file = File.Create(Path.Combine(plugin, FileName));
        using var json = new global::System.Text.Json.Utf8JsonWriter(file);
        json.WriteStartObject();
        json.WriteString("package", Package);
        json.WriteString("version", Version);
        json.WriteString("assembly", Assembly);
        json.WriteEndObject();
    }

    /// <summary>"package version" for listings.</summary>
    public override string ToString() => $"{Package} {Version}";
}
