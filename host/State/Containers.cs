namespace Sharpdig.State;

/// <summary>sysdig's container types (sinsp_container_type).</summary>
public enum ContainerType
{
    Docker = 0, Lxc = 1, LibvirtLxc = 2, Mesos = 3, Rkt = 4, Custom = 5, Cri = 6, Containerd = 7, Crio = 8, Bpm = 9,
    Static = 10, Podman = 11,
}

/// <summary>What is known about one container: from the capture's container events, or just its id.</summary>
public sealed class ContainerInfo
{
    public string Id = "", FullId = "", Name = "", Image = "", ImageId = "", ImageRepo = "", ImageTag = "", ImageDigest = "";
    public ContainerType Type;
    public bool Privileged, IsPodSandbox;
    public List<ContainerMount> Mounts = new();
    public Dictionary<string, string> Labels = new();
    public List<string> Env = new();
    /// <summary>The container's IPv4 address as a host-order number (0 when unknown).</summary>
    public uint Ip;
    public long MemoryLimit, SwapLimit, CpuShares = 1024, CpuQuota, CpuPeriod = 100000, CreatedTime;
    public int CpusetCpuCount;
    public string MesosTaskId = "";
    /// <summary>0 started, 1 successful, 2 failed (sysdig's lookup state).</summary>
    public int LookupState = 1;
    /// <summary>The container's health probes: what category a matching process gets, and the probe's exe and args.</summary>
    public List<(ThreadCategory Category, string Exe, List<string> Args)> HealthProbes = new();

    public bool IsSuccessful => LookupState == 1;

    /// <summary>Runtimes whose metadata has docker's shape (privileged, mounts...).</summary>
    public bool IsDockerCompatible => Type is ContainerType.Docker or ContainerType.Cri or ContainerType.Containerd or ContainerType.Crio;

    /// <summary>container.type's text.</summary>
    public string TypeName => Type switch
    {
        ContainerType.Docker => "docker", ContainerType.Lxc => "lxc", ContainerType.LibvirtLxc => "libvirt-lxc",
        ContainerType.Mesos => "mesos", ContainerType.Rkt => "rkt", ContainerType.Cri => "cri",
        ContainerType.Containerd => "containerd", ContainerType.Crio => "cri-o", ContainerType.Bpm => "bpm",
        ContainerType.Static => "static", ContainerType.Podman => "podman", _ => "<NA>",
    };
}

public sealed record ContainerMount(string Source, string Destination, string Mode, bool ReadWrite, string Propagation);

/// <summary>The containers seen so far, by (short) id.</summary>
public sealed class ContainerTable
{
    readonly Dictionary<string, ContainerInfo> containers = new();

    public ContainerInfo? Find(string id) => containers.GetValueOrDefault(id);
    public IEnumerable<ContainerInfo> All => containers.Values;
    public void Add(ContainerInfo info) => containers[info.Id] = info;

    /// <summary>
    /// Sets a thread's container from its cgroups, as sysdig's container engines do for a capture:
    /// the first engine whose cgroup layout matches names the container; one without metadata
    /// is recorded by id alone.
    /// </summary>
    public void Resolve(ThreadInfo t)
    {
        t.ContainerId = "";
        if (CgroupMatch.Find(t.Cgroups, out var id, out var type))
        {
            t.ContainerId = id;
            if (!containers.ContainsKey(id)) containers[id] = new ContainerInfo { Id = id, Type = type };
        }
        IdentifyCategory(t);
    }

    /// <summary>
    /// Why a containerized process runs (sinsp's identify_category): a container's first process,
    /// a child of a categorized process, or the first process of one of the container's health probes
    /// (its exe and args match, and it doesn't descend from the container's init).
    /// </summary>
    void IdentifyCategory(ThreadInfo t)
    {
        if (t.ContainerId.Length == 0 || Find(t.ContainerId) is not { } container) return;
        if (t.Vpid == 1)
        {
            t.Category = ThreadCategory.Container;
            return;
        }
        if (t.Parent is { Category: not ThreadCategory.None } parent)
        {
            t.Category = parent.Category;
            return;
        }
        foreach (var (probe, exe, args) in container.HealthProbes)
        {
            if (exe != t.Exe || !SameArgs(args, t.Args)) continue;
            if (!DescendsFromContainerInit(t)) t.Category = probe;
            return;
        }
    }

    static bool SameArgs(List<string> a, List<string> b)
    {
        if (a.Count != b.Count) return false;
        for (int i = 0; i < a.Count; i++)
            if (a[i] != b[i]) return false;
        return true;
    }

    /// <summary>Walks the ancestors (stopping at a loop, as sysdig does) looking for a container's process 1.</summary>
    static bool DescendsFromContainerInit(ThreadInfo t)
    {
        ThreadInfo? slow = t.Parent, fast = slow?.Parent;
        while (slow is { Tid: not -1 })
        {
            if (slow.Vpid == 1 && slow.ContainerId.Length != 0) return true;
            slow = slow.Parent;
            for (int i = 0; i < 2; i++)
            {
                fast = fast?.Parent;
                if (slow != null && (slow == fast || slow.Tid == slow.Ptid)) return false;
            }
        }
        return false;
    }
}

/// <summary>Container ids in cgroup paths, by engine, in the order sysdig's engines try them.</summary>
static class CgroupMatch
{
    const string HexDigits = "0123456789abcdefABCDEF";

    public static bool Find(List<(string Subsystem, string Path)> cgroups, out string id, out ContainerType type)
    {
        // docker: ".../<64 hex>" or ".../docker-<64 hex>.scope"
        foreach (var (_, path) in cgroups)
            if (Runc(path, "/", "", out id) || Runc(path, "/docker-", ".scope", out id)) { type = ContainerType.Docker; return true; }
        // cri (containerd, cri-o): the remaining runc layouts
        foreach (var (_, path) in cgroups)
            if (Runc(path, "/crio-", "", out id) || Runc(path, "/cri-containerd-", ".scope", out id) || Runc(path, "/crio-", ".scope", out id))
            { type = ContainerType.Cri; return true; }
        foreach (var (_, path) in cgroups)
            if (Lxc(path, out id)) { type = ContainerType.Lxc; return true; }
        foreach (var (_, path) in cgroups)
            if (LibvirtLxc(path, out id)) { type = ContainerType.LibvirtLxc; return true; }
        foreach (var (subsystem, path) in cgroups)
            if (subsystem == "cpuset" && Mesos(path, out id)) { type = ContainerType.Mesos; return true; }
        id = "";
        type = ContainerType.Docker;
        return false;
    }

    /// <summary>runc's layout: prefix, 64 hex digits, suffix, at the end of the path; the id is the first 12 digits.</summary>
    static bool Runc(string cgroup, string prefix, string suffix, out string id)
    {
        id = "";
        // Span searches: ordinal, and without string.LastIndexOf's detour through CompareInfo (asked of every new thread).
        int start = cgroup.AsSpan().LastIndexOf(prefix);
        if (start < 0) return false;
        start += prefix.Length;
        int end = suffix.Length == 0 ? cgroup.Length : cgroup.AsSpan().LastIndexOf(suffix);
        if (end < 0 || end - start != 64) return false;
        // sysdig compares the first invalid character's absolute position with the id length.
        int invalid = start;
        while (invalid < cgroup.Length && HexDigits.Contains(cgroup[invalid])) invalid++;
        if (invalid < cgroup.Length && invalid < 64) return false;
        id = cgroup.Substring(start, 12);
        return true;
    }

    /// <summary>lxc: "/lxc/&lt;name&gt;/..." or "/lxc.payload/&lt;name&gt;/...".</summary>
    static bool Lxc(string cgroup, out string id)
    {
        id = "";
        foreach (var prefix in (ReadOnlySpan<string>)["/lxc/", "/lxc.payload/"])
        {
            if (!cgroup.StartsWith(prefix, StringComparison.Ordinal)) continue;
            int end = cgroup.IndexOf('/', prefix.Length);
            id = end < 0 ? cgroup[prefix.Length..] : cgroup[prefix.Length..end];
            return true;
        }
        return false;
    }

    /// <summary>libvirt-lxc: "/machine.slice/machine-lxc\x2d&lt;name&gt;.scope" or "/libvirt/lxc/&lt;name&gt;".</summary>
    static bool LibvirtLxc(string cgroup, out string id)
    {
        id = "";
        const string systemd = "/machine.slice/machine-lxc\\x2d", plain = "/libvirt/lxc/";
        int pos = cgroup.IndexOf(systemd, StringComparison.Ordinal);
        if (pos >= 0)
        {
            int end = cgroup.IndexOf(".scope", pos, StringComparison.Ordinal);
            if (end < 0) return false;
            id = cgroup[(pos + systemd.Length)..end];
            return true;
        }
        pos = cgroup.IndexOf(plain, StringComparison.Ordinal);
        if (pos < 0) return false;
        id = cgroup[(pos + plain.Length)..];
        return true;
    }

    /// <summary>mesos: "/mesos/&lt;id&gt;" in the cpuset hierarchy.</summary>
    static bool Mesos(string cgroup, out string id)
    {
        id = "";
        const string prefix = "/mesos/";
        int pos = cgroup.IndexOf(prefix, StringComparison.Ordinal);
        if (pos < 0) return false;
        id = cgroup[(pos + prefix.Length)..];
        return id.Length > 0;
    }
}
