using System.Text.Json;
using System.Xml.Linq;

namespace Sharpdig.Chisels.Plugins;

/// <summary>
/// Fetches a package (.nupkg) from NuGet feeds: folders (flat *.nupkg, or id/version/ as NuGet lays them
/// out) and NuGet v3 servers (their flat container). Without sources, those of the user's NuGet.Config,
/// else nuget.org.
/// </summary>
static class PackageFeeds
{
    const string NuGetOrg = "https://api.nuget.org/v3/index.json";

    /// <summary>The package's bytes; <paramref name="version"/> null for the newest (stable first).</summary>
    public static byte[] Download(string id, string? version, IReadOnlyList<string> sources)
    {
        var tried = new List<string>();
        foreach (var source in sources.Count > 0 ? sources : ConfiguredSources())
        {
            try
            {
                var package = source.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || source.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
                    ? FromServer(source, id, version)
                    : FromFolder(source, id, version);
                if (package != null) return package;
                tried.Add(source);
            }
            catch (Exception e) when (e is HttpRequestException or IOException or JsonException or TaskCanceledException or UnauthorizedAccessException)
            {
                tried.Add($"{source} ({e.Message})");
            }
        }
        var what = version == null ? id : $"{id} {version}";
        throw new ChiselException($"package {what} not found in {string.Join(", ", tried)}");
    }

    static byte[]? FromFolder(string folder, string id, string? version)
    {
        if (!Directory.Exists(folder)) throw new IOException("no such folder");
        var candidates = new List<(string Version, string File)>();
        foreach (var file in Directory.EnumerateFiles(folder, "*.nupkg"))
            if (VersionOf(Path.GetFileNameWithoutExtension(file), id) is { } v) candidates.Add((v, file));
        var hierarchy = Path.Combine(folder, id.ToLowerInvariant());
        if (Directory.Exists(hierarchy))
            foreach (var dir in Directory.EnumerateDirectories(hierarchy))
                foreach (var file in Directory.EnumerateFiles(dir, "*.nupkg"))
                    candidates.Add((Path.GetFileName(dir), file));
        var chosen = Choose(candidates.Select(c => c.Version), version);
        return chosen == null ? null : File.ReadAllBytes(candidates.First(c => c.Version == chosen).File);
    }

    /// <summary>The version in a file name "id.version", when it is <paramref name="id"/>'s.</summary>
    static string? VersionOf(string fileName, string id) =>
        fileName.Length > id.Length + 1 && fileName.StartsWith(id + ".", StringComparison.OrdinalIgnoreCase)
            && char.IsAsciiDigit(fileName[id.Length + 1]) ? fileName[(id.Length + 1)..] : null;

    static byte[]? FromServer(string index, string id, string? version)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(100) };
        using var service = JsonDocument.Parse(http.GetStringAsync(index).GetAwaiter().GetResult());
        var baseAddress = service.RootElement.GetProperty("resources").EnumerateArray()
            .First(r => r.GetProperty("@type").GetString()!.StartsWith("PackageBaseAddress/3.0.0", StringComparison.Ordinal))
            .GetProperty("@id").GetString()!.TrimEnd('/') + "/";
        var lower = id.ToLowerInvariant();
        using var response = http.GetAsync($"{baseAddress}{lower}/index.json").GetAwaiter().GetResult();
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound) return null;
        response.EnsureSuccessStatusCode();
        using var versions = JsonDocument.Parse(response.Content.ReadAsStringAsync().GetAwaiter().GetResult());
        var chosen = Choose(versions.RootElement.GetProperty("versions").EnumerateArray().Select(v => v.GetString()!), version);
        if (chosen == null) return null;
        var v = chosen.ToLowerInvariant();
        return http.GetByteArrayAsync($"{baseAddress}{lower}/{v}/{lower}.{v}.nupkg").GetAwaiter().GetResult();
    }

    /// <summary>The requested version if offered, else (none requested) the newest stable one, else the newest.</summary>
    static string? Choose(IEnumerable<string> offered, string? version)
    {
        var list = offered.ToList();
        if (version != null) return list.FirstOrDefault(v => string.Equals(v, version, StringComparison.OrdinalIgnoreCase));
        return list.Where(v => !v.Contains('-')).OrderByDescending(Key).FirstOrDefault()
            ?? list.OrderByDescending(Key).FirstOrDefault();
    }

    static (Version, string) Key(string v)
    {
        var dash = v.IndexOf('-');
        var release = dash < 0 ? v : v[..dash];
        return (Version.TryParse(release, out var parsed) ? parsed : new Version(0, 0), dash < 0 ? "\uffff" : v[dash..]);
    }

    /// <summary>The package sources of ~/.nuget/NuGet/NuGet.Config, in order; nuget.org when there are none.</summary>
    static IEnumerable<string> ConfiguredSources()
    {
        var home = Environment.GetEnvironmentVariable("HOME") ?? "";
        var config = Path.Combine(home, ".nuget", "NuGet", "NuGet.Config");
        var sources = new List<string>();
        if (File.Exists(config))
        {
            try
            {
                var sections = XDocument.Load(config).Root?.Element("packageSources");
                foreach (var add in sections?.Elements("add") ?? [])
                    if (add.Attribute("value")?.Value is { } value) sources.Add(value);
            }
            catch (System.Xml.XmlException)
            {
                // An unreadable NuGet.Config gives no sources.
            }
        }
        return sources.Count > 0 ? sources : [NuGetOrg];
    }
}
