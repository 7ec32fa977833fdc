using System.Text.Json;
using Sharpdig.Decode;

namespace Sharpdig.State;

/// <summary>Container runtimes as sinsp numbers them.</summary>
public enum ContainerType { Docker, Lxc, LibvirtLxc, Mesos, Rkt, Custom, Cri, Containerd, Crio, Bpm, Static }

/// <summary>One mount of a container: source:dest:mode:rdwr:propagation.</summary>
public sealed record ContainerMount(string Source, string Dest, string Mode, bool ReadWrite, string Propagation)
{
    public override string ToString() => $"{Source}:{Dest}:{Mode}:{(ReadWrite ? "true" : "false")}:{Propagation}";
}

/// <summary>A container health check or probe: the command it runs.</summary>
public sealed record ContainerProbe(ThreadCategory Kind, string Exe, IReadOnlyList<string> Args);

/// <summary>What the capture's container events say about a container.</summary>
public sealed class ContainerInfo
{
    public string Id = "", Name = "", Image = "", ImageId = "", ImageRepo = "", ImageTag = "", ImageDigest = "";
    public ContainerType Type;
    public bool Privileged;
    /// <summary>The container's IPv4 address, network order (0 when unknown).</summary>
    public uint Ip;
    public List<ContainerMount> Mounts = new();
    public List<ContainerProbe> Probes = new();

    /// <summary>Runtimes whose privileged flag sinsp trusts.</summary>
    public bool IsDockerCompatible => Type is ContainerType.Docker or ContainerType.Cri or ContainerType.Containerd or ContainerType.Crio;
}

/// <summary>Containers by id, filled from container events (the old fixed-parameter one and the JSON ones).</summary>
public sealed class ContainerTable
{
    readonly Dictionary<string, ContainerInfo> containers = new();

    public ContainerInfo? Find(string id) => containers.GetValueOrDefault(id);

    public IEnumerable<ContainerInfo> All => containers.Values;

    /// <summary>Records the container a container event describes.</summary>
    public void Parse(Event e)
    {
        if (e.Info.Params.Length > 1)
        {
            var c = new ContainerInfo
            {
                Id = Text(e.ParamString(0)), Type = (ContainerType)e.ParamUInt32(1), Name = Text(e.ParamString(2)),
                Image = Text(e.ParamString(3)),
            };
            containers[c.Id] = c;
            return;
        }
        try
        {
            using var doc = JsonDocument.Parse(e.ParamString(0).ToArray());
            if (!doc.RootElement.TryGetProperty("container", out var j) || j.ValueKind != JsonValueKind.Object) return;
            var c = new ContainerInfo
            {
                Id = Str(j, "id"), Type = (ContainerType)Num(j, "type"), Name = Str(j, "name"), Image = Str(j, "image"),
                ImageId = Str(j, "imageid"), ImageRepo = Str(j, "imagerepo"), ImageTag = Str(j, "imagetag"),
                ImageDigest = Str(j, "imagedigest"),
                Privileged = j.TryGetProperty("privileged", out var p) && p.ValueKind == JsonValueKind.True,
            };
            if (System.Net.IPAddress.TryParse(Str(j, "ip"), out var ip) && ip.GetAddressBytes() is { Length: 4 } b)
                c.Ip = BitConverter.ToUInt32(b);
            if (j.TryGetProperty("Mounts", out var mounts) && mounts.ValueKind == JsonValueKind.Array)
                foreach (var m in mounts.EnumerateArray())
                    c.Mounts.Add(new ContainerMount(Str(m, "Source"), Str(m, "Destination"), Str(m, "Mode"),
                        m.TryGetProperty("RW", out var rw) && rw.ValueKind == JsonValueKind.True, Str(m, "Propagation")));
            AddProbe(c, j, "Healthcheck", ThreadCategory.HealthCheck);
            AddProbe(c, j, "LivenessProbe", ThreadCategory.LivenessProbe);
            AddProbe(c, j, "ReadinessProbe", ThreadCategory.ReadinessProbe);
            containers[c.Id] = c;
        }
        catch (JsonException)
        {
            // sinsp ignores container events it cannot parse.
        }
    }

    static void AddProbe(ContainerInfo c, JsonElement j, string key, ThreadCategory kind)
    {
        if (!j.TryGetProperty(key, out var probe) || probe.ValueKind != JsonValueKind.Object) return;
        var args = probe.TryGetProperty("args", out var a) && a.ValueKind == JsonValueKind.Array
            ? a.EnumerateArray().Select(x => x.GetString() ?? "").ToList() : new List<string>();
        c.Probes.Add(new ContainerProbe(kind, Str(probe, "exe"), args));
    }

    static string Str(JsonElement j, string key) =>
        j.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : "";

    static uint Num(JsonElement j, string key) =>
        j.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetUInt32(out uint n) ? n : 0;

    static string Text(ReadOnlySpan<byte> s) => System.Text.Encoding.UTF8.GetString(s);
}
