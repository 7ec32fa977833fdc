using System.Net;
using System.Text.Json;
using Sharpdig.Decode;

namespace Sharpdig.State;

/// <summary>Container metadata events: the capture's record of the containers its threads ran in.</summary>
public sealed partial class StateParser
{
    /// <summary>The old container event: id, type, name and image as parameters.</summary>
    void ParseContainerEvent(Event e)
    {
        // sysdig looks up (and so creates) the event's thread to announce the container to.
        threads.Get(e.Tid, create: true, lookupOnly: false);
        containers.Add(new ContainerInfo
        {
            Id = Text(e.ParamString(0)),
            Type = (ContainerType)e.ParamUInt32(1),
            Name = Text(e.ParamString(2)),
            Image = Text(e.ParamString(3)),
        });
    }

    /// <summary>The JSON container event. A failed lookup is recorded but the event is not shown.</summary>
    void ParseContainerJson(Event e)
    {
        var json = e.Param(0);
        int nul = json.IndexOf((byte)0);
        if (nul >= 0) json = json[..nul];
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json.ToArray());
        }
        catch (JsonException)
        {
            throw new Driver.CaptureFormatException(e.SourceName, e.Raw.SourceOffset, "invalid JSON in a container event");
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("container", out var c)
                || c.ValueKind != JsonValueKind.Object)
            {
                containers.Add(new ContainerInfo());
                return;
            }
            var info = ContainerFromJson(c);
            if (!info.IsSuccessful) e.FilteredOut = true;
            containers.Add(info);
            e.StateThread = ContainerThread(info.Id);
        }
    }

    /// <summary>The stand-in thread sysdig gives a container event (it is not in the table).</summary>
    ThreadInfo ContainerThread(string id) => new()
    {
        Tid = -1, Pid = -1, Ptid = -1, Vtid = -2, Vpid = -2, Comm = "container:" + id, ContainerId = id, Table = threads,
    };

    static ContainerInfo ContainerFromJson(JsonElement c)
    {
        var info = new ContainerInfo
        {
            Id = Str(c, "id") ?? "",
            FullId = Str(c, "full_id") ?? "",
            Name = Str(c, "name") ?? "",
            Image = Str(c, "image") ?? "",
            ImageId = Str(c, "imageid") ?? "",
            ImageRepo = Str(c, "imagerepo") ?? "",
            ImageTag = Str(c, "imagetag") ?? "",
            ImageDigest = Str(c, "imagedigest") ?? "",
            MesosTaskId = Str(c, "mesos_task_id") ?? "",
        };
        if (Int(c, "type") is { } type) info.Type = (ContainerType)type;
        if (Bool(c, "is_pod_sandbox") is { } sandbox) info.IsPodSandbox = sandbox;
        if (Bool(c, "privileged") is { } privileged) info.Privileged = privileged;
        if (Int(c, "lookup_state") is { } state)
            // A lookup still running when the capture was written never finishes.
            info.LookupState = state switch { 0 => 2, 1 or 2 => (int)state, _ => 1 };
        if (Int(c, "created_time") is { } created) info.CreatedTime = created;
        if (Int(c, "memory_limit") is { } memory) info.MemoryLimit = memory;
        if (Int(c, "swap_limit") is { } swap) info.SwapLimit = swap;
        if (Int(c, "cpu_shares") is { } shares) info.CpuShares = shares;
        if (Int(c, "cpu_quota") is { } quota) info.CpuQuota = quota;
        if (Int(c, "cpu_period") is { } period) info.CpuPeriod = period;
        if (Int(c, "cpuset_cpu_count") is { } cpus) info.CpusetCpuCount = (int)cpus;
        if (Str(c, "ip") is { } ip && IPAddress.TryParse(ip, out var address) && address.GetAddressBytes() is { Length: 4 } b)
            info.Ip = (uint)(b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]);
        if (c.TryGetProperty("Mounts", out var mounts) && mounts.ValueKind == JsonValueKind.Array)
            foreach (var m in mounts.EnumerateArray())
                info.Mounts.Add(new ContainerMount(Str(m, "Source") ?? "", Str(m, "Destination") ?? "", Str(m, "Mode") ?? "",
                    Bool(m, "RW") ?? false, Str(m, "Propagation") ?? ""));
        if (c.TryGetProperty("labels", out var labels) && labels.ValueKind == JsonValueKind.Object)
            foreach (var l in labels.EnumerateObject())
                info.Labels[l.Name] = l.Value.ValueKind == JsonValueKind.String ? l.Value.GetString()! : l.Value.GetRawText();
        if (c.TryGetProperty("env", out var env) && env.ValueKind == JsonValueKind.Array)
            foreach (var v in env.EnumerateArray())
                if (v.ValueKind == JsonValueKind.String) info.Env.Add(v.GetString()!);
        foreach (var (property, probe) in (ReadOnlySpan<(string, ThreadCategory)>)[("Healthcheck", ThreadCategory.Healthcheck),
                     ("LivenessProbe", ThreadCategory.LivenessProbe), ("ReadinessProbe", ThreadCategory.ReadinessProbe)])
            if (c.TryGetProperty(property, out var h) && h.ValueKind == JsonValueKind.Object && Str(h, "exe") is { } exe)
            {
                var args = new List<string>();
                if (h.TryGetProperty("args", out var a) && a.ValueKind == JsonValueKind.Array)
                    foreach (var v in a.EnumerateArray())
                        if (v.ValueKind == JsonValueKind.String) args.Add(v.GetString()!);
                info.HealthProbes.Add((probe, exe, args));
            }
        return info;
    }

    static string? Str(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) ? v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number => v.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        } : null;

    static long? Int(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out long n) ? n : null;

    static bool? Bool(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) ? v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => v.TryGetInt64(out long n) && n != 0,
            _ => null,
        } : null;
}
