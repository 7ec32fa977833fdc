using System.Net;
using System.Text;
using Sharpdig.Tests.Support;

namespace Sharpdig.Tests.ChiselsCSharp;

/// <summary>
/// Plugin chisels end to end: a team packs a chisel project, installs the package with sharpdig (from the
/// .nupkg, a feed folder or a NuGet server), and runs its chisel by name. Plugins keep their own
/// dependencies, and one that fails to load does not stop the others.
/// </summary>
public sealed class PluginTests(PluginWorkspace workspace) : IClassFixture<PluginWorkspace>
{
    const string Capture = "sysdig-inspect_502Error.scap";

    /// <summary>sharpdig with a home of its own (where plugins install) and, optionally, more plugin directories.</summary>
    Run.Result Sharpdig(string home, string[] args, string? pluginPath = null)
    {
        var environment = new Dictionary<string, string> { ["HOME"] = home };
        if (pluginPath != null) environment["SHARPDIG_PLUGIN_PATH"] = pluginPath;
        return Run.Program(Paths.RequireSharpdig(), args, environment: environment);
    }

    [Fact]
    public void APackedChiselProjectInstallsFromItsPackageAndRunsByName()
    {
        var capture = Paths.RequireCapture(Capture);
        var home = workspace.NewDirectory("home");
        var install = Sharpdig(home, ["--install-plugin", workspace.PortTraffic]);
        Assert.True(install.ExitCode == 0, install.Stderr);
        Assert.Contains("installed plugin PortTraffic 1.0.0", install.Stdout);
        Assert.Contains(": port_traffic", install.Stdout);

        var run = Sharpdig(home, ["-r", capture, "-c", "port_traffic", "3"]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("""
            Bytes               Port                Direction           
            --------------------------------------------------------------------------------
            13.56KB             80                  out
            11.85KB             80                  in
            7.19KB              514                 out

            """, run.Stdout);

        var list = Sharpdig(home, ["-cl"]);
        Assert.Contains("port_traffic    Network bytes by server port, read and written [plugin PortTraf", list.Stdout);
        Assert.Contains("fic 1.0.0, ", list.Stdout);
        Assert.Contains("topscalls", list.Stdout);

        Assert.Equal(0, Sharpdig(home, ["--uninstall-plugin", "PortTraffic"]).ExitCode);
        Assert.NotEqual(0, Sharpdig(home, ["-r", capture, "-c", "port_traffic"]).ExitCode);
    }

    [Fact]
    public void APluginInstallsByIdFromAFeedFolder()
    {
        var home = workspace.NewDirectory("home");
        var install = Sharpdig(home, ["--install-plugin", "PortTraffic", "--plugin-source", workspace.Feed]);
        Assert.True(install.ExitCode == 0, install.Stderr);
        var run = Sharpdig(home, ["-r", Paths.RequireCapture(Capture), "-c", "port_traffic"]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("13.56KB             80                  out\n", run.Stdout);
    }

    [Fact]
    public async Task APluginInstallsByIdFromANuGetServer()
    {
        var package = File.ReadAllBytes(workspace.PortTraffic);
        int port = FreePort();
        var prefix = $"http://127.0.0.1:{port}/";
        using var server = new HttpListener();
        server.Prefixes.Add(prefix);
        server.Start();
        var serving = Task.Run(() =>
        {
            // A NuGet v3 service index and a flat container holding one package; at most a few requests.
            for (int i = 0; i < 3; i++)
            {
                var context = server.GetContext();
                var path = context.Request.Url!.AbsolutePath;
                byte[] body = path switch
                {
                    "/index.json" => Encoding.UTF8.GetBytes($$"""{"version":"3.0.0","resources":[{"@id":"{{prefix}}flat/","@type":"PackageBaseAddress/3.0.0"}]}"""),
                    "/flat/porttraffic/index.json" => """{"versions":["1.0.0"]}"""u8.ToArray(),
                    "/flat/porttraffic/1.0.0/porttraffic.1.0.0.nupkg" => package,
                    _ => [],
                };
                context.Response.StatusCode = body.Length == 0 ? 404 : 200;
                context.Response.OutputStream.Write(body);
                context.Response.Close();
                if (path.EndsWith(".nupkg", StringComparison.Ordinal)) return;
            }
        }, TestContext.Current.CancellationToken);
        var home = workspace.NewDirectory("home");
        var install = Sharpdig(home, ["--install-plugin", "PortTraffic", "--plugin-source", prefix + "index.json"]);
        Assert.True(install.ExitCode == 0, install.Stderr);
        await serving.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.Contains("installed plugin PortTraffic 1.0.0", install.Stdout);
    }

    static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    [Fact]
    public void APluginBringsItsOwnVersionOfALibrarySharpdigAlsoUses()
    {
        // sharpdig parses its command line with System.CommandLine 3; this plugin is built against version 2.
        var package = workspace.PackNew("CliVersion", "2.0.0", """<PackageReference Include="System.CommandLine" Version="2.0.0" />""", """
            using Sharpdig.Sdk;

            public sealed class CliVersion : Chisel
            {
                public override string Name => "cli_version";

                public override void OnCaptureEnd(ulong timestamp, ulong delta)
                {
                    var command = new System.CommandLine.RootCommand("parsed by the plugin's copy");
                    var mine = command.GetType().Assembly.GetName().Version;
                    Host.Out.WriteLine($"plugin System.CommandLine {mine}: {command.Description}");
                    var loaded = AppDomain.CurrentDomain.GetAssemblies().Where(a => a.GetName().Name == "System.CommandLine")
                        .Select(a => a.GetName().Version!.ToString()).Order();
                    Host.Out.WriteLine("loaded System.CommandLine " + string.Join(" ", loaded));
                }
            }
            """);
        var home = workspace.NewDirectory("home");
        Assert.Equal(0, Sharpdig(home, ["--install-plugin", package]).ExitCode);
        var run = Sharpdig(home, ["-r", Paths.RequireCapture(Capture), "-c", "topscalls", "-c", "cli_version"]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("procinfo", run.Stdout);
        Assert.Contains("plugin System.CommandLine 2.0.0.0: parsed by the plugin's copy\n", run.Stdout);
        Assert.Contains("loaded System.CommandLine 2.0.0.0 3.0.0.0\n", run.Stdout);
    }

    [Fact]
    public void APluginThatFailsToLoadIsNamedAndTheOthersStillRun()
    {
        var home = workspace.NewDirectory("home");
        Assert.Equal(0, Sharpdig(home, ["--install-plugin", workspace.PortTraffic]).ExitCode);
        var extra = workspace.NewDirectory("plugins");
        Directory.CreateDirectory(Path.Combine(extra, "Broken"));
        File.WriteAllText(Path.Combine(extra, "Broken", "Broken.dll"), "not an assembly");

        var list = Sharpdig(home, ["-cl"], pluginPath: extra);
        Assert.Equal(0, list.ExitCode);
        Assert.Contains("port_traffic", list.Stdout);
        Assert.Contains($"plugin {Path.Combine(extra, "Broken", "Broken.dll")} failed to load: ", list.Stderr);

        var run = Sharpdig(home, ["-r", Paths.RequireCapture(Capture), "-c", "port_traffic", "1"], pluginPath: extra);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("13.56KB             80                  out\n", run.Stdout);
        Assert.Contains("Broken.dll failed to load", run.Stderr);
    }
}
