using Sharpdig.Tests.Support;

namespace Sharpdig.Tests.ChiselsCSharp;

/// <summary>
/// What the plugin tests share: a NuGet feed folder holding the SDK package (packed from this build) and
/// the PortTraffic sample packed from chisel-samples, as a team would pack them; packages restore into a
/// folder of its own, so that nothing of this goes to the user's NuGet cache.
/// </summary>
public sealed class PluginWorkspace : IDisposable
{
    readonly string root = Directory.CreateTempSubdirectory("sharpdig-plugins").FullName;

    public PluginWorkspace()
    {
        Feed = Directory.CreateDirectory(Path.Combine(root, "feed")).FullName;
        Dotnet("pack", Path.Combine(Paths.RepoRoot, "sdk", "Sharpdig.Sdk.csproj"), "-c", "Release", "--no-build", "-o", Feed);
        PortTraffic = Pack(CopySample("PortTraffic"));
    }

    public string Feed { get; }

    /// <summary>The packed PortTraffic sample.</summary>
    public string PortTraffic { get; }

    public void Dispose() => Directory.Delete(root, true);

    /// <summary>A new empty directory under the workspace.</summary>
    public string NewDirectory(string name) => Directory.CreateDirectory(Path.Combine(root, $"{name}-{Guid.NewGuid():N}")).FullName;

    string CopySample(string name)
    {
        var source = Path.Combine(Paths.RepoRoot, "chisel-samples", name);
        var target = Path.Combine(root, "src", name);
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source)) File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        return target;
    }

    /// <summary>Packs the project in <paramref name="projectDir"/> into the feed; returns the .nupkg.</summary>
    public string Pack(string projectDir)
    {
        Dotnet("pack", projectDir, "-c", "Release", "-o", Feed, $"-p:RestorePackagesPath={Path.Combine(root, "packages")}",
            $"-p:RestoreSources={Feed}%3Bhttps://api.nuget.org/v3/index.json");
        var id = Path.GetFileName(projectDir);
        return Directory.GetFiles(Feed, id + ".*.nupkg").Single();
    }

    /// <summary>Writes a plugin project (csproj and one C# file) and packs it.</summary>
    public string PackNew(string id, string version, string packageReferences, string code)
    {
        var dir = Path.Combine(root, "src", id);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, id + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <Version>{version}</Version>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Sharpdig.Sdk" Version="0.1.0" />
                {packageReferences}
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(dir, id + ".cs"), code);
        return Pack(dir);
    }

    static void Dotnet(params string[] args)
    {
        var r = Run.Program("dotnet", args, timeoutSeconds: 600);
        if (r.ExitCode != 0) throw new InvalidOperationException($"dotnet {string.Join(' ', args)} failed:\n{r.Stdout}\n{r.Stderr}");
    }
}
