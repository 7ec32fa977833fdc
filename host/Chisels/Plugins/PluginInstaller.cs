using System.Diagnostics.CodeAnalysis;
using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;

namespace Sharpdig.Chisels.Plugins;

/// <summary>
/// --install-plugin: a chisel package (a .nupkg file, or a package id fetched from a feed) unpacked into
/// ~/.sharpdig/plugins/ID: the assemblies of its best lib/ folder for .NET 10 — the chisel project's and
/// the dependencies it packed with it (the SDK's build targets pack them) — and its native libraries for
/// linux-x64. The plugin is loaded once to check it, and its chisels are named.
/// </summary>
static class PluginInstaller
{
    /// <summary>Installs <paramref name="spec"/> ("file.nupkg", "Id" or "Id@version"); returns what to tell the user.</summary>
    [RequiresDynamicCode("loads the installed plugin to check it")]
    public static string Install(string spec, IReadOnlyList<string> sources)
    {
        byte[] package;
        if (spec.EndsWith(".nupkg", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                package = File.ReadAllBytes(spec);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new ChiselException($"can't read package {spec}: {e.Message}");
            }
        }
        else
        {
            var at = spec.IndexOf('@');
            package = PackageFeeds.Download(at < 0 ? spec : spec[..at], at < 0 ? null : spec[(at + 1)..], sources);
        }
        return Unpack(package, spec);
    }

    /// <summary>Removes the plugin installed from package <paramref name="id"/>.</summary>
    public static string Uninstall(string id)
    {
        var dir = Target(id);
        if (!Directory.Exists(dir)) throw new ChiselException($"plugin {id} is not installed in {PluginDirectories.User}");
        Directory.Delete(dir, recursive: true);
        return $"removed plugin {id} from {dir}";
    }

    static string Target(string id) =>
        Path.Combine(PluginDirectories.User ?? throw new ChiselException("no home directory to install plugins in (HOME)"), id);

    [RequiresDynamicCode("loads the installed plugin to check it")]
    static string Unpack(byte[] package, string spec)
    {
        using var zip = OpenZip(package, spec);
        var nuspec = zip.Entries.FirstOrDefault(e => !e.FullName.Contains('/') && e.FullName.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase))
            ?? throw new ChiselException($"{spec} is not a NuGet package (no .nuspec)");
        XElement metadata;
        using (var stream = nuspec.Open()) metadata = XDocument.Load(stream).Root!.Elements().First(e => e.Name.LocalName == "metadata");
        string Meta(string name) => metadata.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value.Trim()
            ?? throw new ChiselException($"{spec}: the nuspec has no {name}");
        string id = Meta("id"), version = Meta("version");
        var lib = BestLibFolder(zip) ?? throw new ChiselException($"{spec}: no assemblies for .NET 10 (lib/net10.0 or older) in the package");

        var dir = Target(id);
        var staging = Path.GetFullPath(dir + ".installing");
        if (Directory.Exists(staging)) Directory.Delete(staging, true);
        Directory.CreateDirectory(staging);
        foreach (var entry in zip.Entries)
        {
            bool managed = entry.FullName.StartsWith(lib, StringComparison.Ordinal);
            bool native = entry.FullName.StartsWith("runtimes/linux-x64/native/", StringComparison.Ordinal);
            if ((!managed && !native) || entry.Name.Length == 0) continue;
            // The SDK is sharpdig's own: a plugin must use the host's copy.
            if (entry.Name.Equals("Sharpdig.Sdk.dll", StringComparison.OrdinalIgnoreCase)) continue;
            // Assemblies keep their place under lib/ (satellite assemblies are in culture folders); native libraries go beside them.
            var relative = managed ? entry.FullName[lib.Length..] : entry.Name;
            var target = Path.GetFullPath(Path.Combine(staging, relative));
            if (!target.StartsWith(staging + Path.DirectorySeparatorChar, StringComparison.Ordinal)) continue;
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            entry.ExtractToFile(target, overwrite: true);
        }
        var main = MainAssembly(staging, id) ?? throw new ChiselException($"{spec}: no assembly in {lib} uses Sharpdig.Sdk");
        new PluginManifest(id, version, main).Write(staging);
        if (Directory.Exists(dir)) Directory.Delete(dir, true);
        Directory.Move(staging, dir);

        Plugin plugin;
        try
        {
            plugin = Plugin.Load(Path.Combine(dir, main));
        }
        catch (ChiselException)
        {
            Directory.Delete(dir, true);
            throw;
        }
        var names = string.Join(", ", plugin.Chisels.Select(t => plugin.Create(t).Name));
        return $"installed plugin {id} {version} in {dir}: {names}";
    }

    static ZipArchive OpenZip(byte[] package, string spec)
    {
        try
        {
            return new ZipArchive(new MemoryStream(package), ZipArchiveMode.Read);
        }
        catch (InvalidDataException)
        {
            throw new ChiselException($"{spec} is not a NuGet package (not a zip file)");
        }
    }

    /// <summary>"lib/netN.0/" for the highest N up to 10, else "lib/netstandard2.x/".</summary>
    static string? BestLibFolder(ZipArchive zip)
    {
        var folders = zip.Entries.Select(e => e.FullName).Where(n => n.StartsWith("lib/", StringComparison.Ordinal) && n.Count(c => c == '/') == 2)
            .Select(n => n[..(n.IndexOf('/', 4) + 1)]).Distinct().ToList();
        for (int n = 10; n >= 5; n--)
            if (folders.Contains($"lib/net{n}.0/")) return $"lib/net{n}.0/";
        return folders.FirstOrDefault(f => f == "lib/netstandard2.1/") ?? folders.FirstOrDefault(f => f == "lib/netstandard2.0/");
    }

    /// <summary>The package's chisel assembly: the one named like the package if it references the SDK, else the first that does.</summary>
    static string? MainAssembly(string dir, string id)
    {
        var candidates = Directory.EnumerateFiles(dir, "*.dll").Where(UsesSdk).Select(Path.GetFileName).ToList();
        return candidates.FirstOrDefault(f => string.Equals(f, id + ".dll", StringComparison.OrdinalIgnoreCase)) ?? candidates.Order(StringComparer.Ordinal).FirstOrDefault();
    }

    static bool UsesSdk(string file)
    {
        try
        {
            using var pe = new PEReader(File.OpenRead(file));
            if (!pe.HasMetadata) return false;
            var md = pe.GetMetadataReader();
            return md.AssemblyReferences.Any(h => md.GetString(md.GetAssemblyReference(h).Name) == "Sharpdig.Sdk");
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }
}
