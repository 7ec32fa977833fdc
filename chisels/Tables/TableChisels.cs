using Sharpdig.Sdk;

namespace Sharpdig.BuiltinChisels;

// The chisels sysdig writes as one call of table_generator: a fixed table (with a container column under -pc).

sealed class TopScalls : TableChisel
{
    public override string Name => "topscalls";
    public override string Category => "Performance";
    public override string ShortDescription => "Top system calls by number of calls";
    public override string Description => "Show the top 30 system calls in terms of number of calls. You can use filters to restrict this to a specific process, thread or file. This chisel is compatible with containers using the sysdig -pc or -pcontainer argument, otherwise no container information will be shown.";

    protected override TableSpec Spec() => Host.PrintContainer
        ? new(["evt.type", "container.name"], ["Syscall", "container.name"], "evt.count", "# Calls", "evt.type!=switch", 30, Units.None)
        : new(["evt.type"], ["Syscall"], "evt.count", "# Calls", "evt.type!=switch", 30, Units.None);
}

sealed class TopScallsTime : TableChisel
{
    public override string Name => "topscalls_time";
    public override string Category => "Performance";
    public override string ShortDescription => "Top system calls by time";
    public override string Description => "Show the top 30 system calls in terms of time spent in each call. You can use filters to restrict this to a specific process, thread or file. This chisel is compatible with containers using the sysdig -pc or -pcontainer argument, otherwise no container information will be shown.";

    protected override TableSpec Spec() => Host.PrintContainer
        ? new(["evt.type", "container.name"], ["Syscall", "container.name"], "evt.latency", "Time", "", 30, Units.Time)
        : new(["evt.type"], ["Syscall"], "evt.latency", "Time", "", 30, Units.Time);
}

sealed class TopFilesBytes : TableChisel
{
    public override string Name => "topfiles_bytes";
    public override string Category => "I/O";
    public override string ShortDescription => "Top files by R+W bytes";
    public override string Description => "Shows the top files in terms of disk usage. This chisel is compatible with containers using the sysdig -pc or -pcontainer argument, otherwise no container information will be shown.";

    protected override TableSpec Spec() => Host.PrintContainer
        ? new(["container.name", "fd.name"], ["container.name", "Filename"], "evt.rawarg.res", "Bytes", "fd.type=file and evt.is_io=true", 10, Units.Bytes)
        : new(["fd.name"], ["Filename"], "evt.rawarg.res", "Bytes", "fd.type=file and evt.is_io=true", 10, Units.Bytes);
}

sealed class TopFilesTime : TableChisel
{
    public override string Name => "topfiles_time";
    public override string Category => "I/O";
    public override string ShortDescription => "Top files by time";
    public override string Description => "Shows the top files in terms of disk usage. This chisel is compatible with containers using the sysdig -pc or -pcontainer argument, otherwise no container information will be shown.";

    protected override TableSpec Spec() => Host.PrintContainer
        ? new(["fd.name", "container.name"], ["Filename", "container.name"], "evt.latency", "Time", "fd.type=file and evt.is_io=true", 10, Units.Time)
        : new(["fd.name"], ["Filename"], "evt.latency", "Time", "fd.type=file and evt.is_io=true", 10, Units.Time);
}

sealed class TopFilesErrors : TableChisel
{
    public override string Name => "topfiles_errors";
    public override string Category => "Errors";
    public override string ShortDescription => "Top files by number of errors";
    public override string Description => "Shows the top files in terms of I/O errors. This chisel is compatible with containers using the sysdig -pc or -pcontainer argument, otherwise no container information will be shown.";

    protected override TableSpec Spec() => Host.PrintContainer
        ? new(["fd.name", "container.name"], ["Filename", "container.name"], "evt.count", "#Errors", "fd.type=file and evt.failed=true", 100, Units.None)
        : new(["fd.name"], ["Filename"], "evt.count", "#Errors", "fd.type=file and evt.failed=true", 100, Units.None);
}

sealed class TopProcsErrors : TableChisel
{
    public override string Name => "topprocs_errors";
    public override string Category => "Errors";
    public override string ShortDescription => "top processes by number of errors";
    public override string Description => "Shows the top processes in terms of system call errors. This chisel is compatible with containers using the sysdig -pc or -pcontainer argument, otherwise no container information will be shown.";

    protected override TableSpec Spec() => Host.PrintContainer
        ? new(["proc.name", "proc.pid", "thread.vtid", "container.name"], ["Process", "Host_pid", "Container_pid", "container.name"], "evt.count", "#Errors", "evt.failed=true", 100, Units.None)
        : new(["proc.name", "proc.pid"], ["Process", "PID"], "evt.count", "#Errors", "evt.failed=true", 100, Units.None);
}

sealed class TopProcsFile : TableChisel
{
    public override string Name => "topprocs_file";
    public override string Category => "I/O";
    public override string ShortDescription => "Top processes by R+W disk bytes";
    public override string Description => "Shows the top processes in terms of total (in+out) bytes to disk. This chisel is compatible with containers using the sysdig -pc or -pcontainer argument, otherwise no container information will be shown.";

    protected override TableSpec Spec() => Host.PrintContainer
        ? new(["proc.name", "proc.pid", "thread.vtid", "container.name"], ["Process", "Host_pid", "Container_pid", "container.name"], "evt.rawarg.res", "Bytes", "fd.type=file and evt.is_io=true", 10, Units.Bytes)
        : new(["proc.name", "proc.pid"], ["Process", "PID"], "evt.rawarg.res", "Bytes", "fd.type=file and evt.is_io=true", 10, Units.Bytes);
}

sealed class TopProcsNet : TableChisel
{
    public override string Name => "topprocs_net";
    public override string Category => "Net";
    public override string ShortDescription => "Top processes by network I/O";
    public override string Description => "Sort the list of the processes that use the most network bandwidth. This chisel is compatible with containers using the sysdig -pc or -pcontainer argument, otherwise no container information will be shown.";

    protected override TableSpec Spec() => Host.PrintContainer
        ? new(["proc.name", "proc.pid", "thread.vtid", "container.name"], ["Process", "Host_pid", "Container_pid", "container.name"], "evt.rawarg.res", "Bytes", "(fd.type=ipv4 or fd.type=ipv6) and evt.is_io=true", 100, Units.Bytes)
        : new(["proc.name", "proc.pid"], ["Process", "PID"], "evt.rawarg.res", "Bytes", "(fd.type=ipv4 or fd.type=ipv6) and evt.is_io=true", 100, Units.Bytes);
}

sealed class TopConns : TableChisel
{
    public override string Name => "topconns";
    public override string Category => "Net";
    public override string ShortDescription => "Top network connections by total bytes";
    public override string Description => "Shows the top network connections in terms of total (in+out) bandwidth. This chisel is compatible with containers using the sysdig -pc or -pcontainer argument, otherwise no container information will be shown.";

    protected override TableSpec Spec() => Host.PrintContainer
        ? new(["container.name", "fd.l4proto", "fd.name"], ["container.name", "Proto", "Conn"], "evt.rawarg.res", "Bytes", "(fd.type=ipv4 or fd.type=ipv6) and evt.is_io=true", 30, Units.Bytes)
        : new(["fd.l4proto", "fd.name"], ["Proto", "Conn"], "evt.rawarg.res", "Bytes", "(fd.type=ipv4 or fd.type=ipv6) and evt.is_io=true", 30, Units.Bytes);
}

sealed class TopPortsServer : TableChisel
{
    public override string Name => "topports_server";
    public override string Category => "Net";
    public override string ShortDescription => "Top TCP/UDP server ports by R+W bytes";
    public override string Description => "Shows the top TCP/UDP server ports in terms of total (in+out) bandwidth. This chisel is compatible with containers using the sysdig -pc or -pcontainer argument, otherwise no container information will be shown.";

    protected override TableSpec Spec() => Host.PrintContainer
        ? new(["fd.sport", "container.name"], ["Srv Port", "container.name"], "evt.rawarg.res", "Bytes", "(fd.type=ipv4 or fd.type=ipv6) and evt.is_io=true", 100, Units.Bytes)
        : new(["fd.sport"], ["Srv Port"], "evt.rawarg.res", "Bytes", "(fd.type=ipv4 or fd.type=ipv6) and evt.is_io=true", 100, Units.Bytes);
}

sealed class TopContainersNet : TableChisel
{
    public override string Name => "topcontainers_net";
    public override string Category => "Net";
    public override string ShortDescription => "Top containers by network I/O";
    public override string Description => "Sorted list of containers that use the most network bandwidth.";

    protected override TableSpec Spec() => new(["container.name"], ["container.name"], "evt.rawarg.res", "Bytes", "(fd.type=ipv4 or fd.type=ipv6) and evt.is_io=true and container.name!=host", 100, Units.Bytes);
}

sealed class TopContainersFile : TableChisel
{
    public override string Name => "topcontainers_file";
    public override string Category => "I/O";
    public override string ShortDescription => "Top containers by R+W disk bytes";
    public override string Description => "Shows the top containers in terms of total (in+out) bytes to disk.";

    protected override TableSpec Spec() => new(["container.name"], ["container.name"], "evt.rawarg.res", "Bytes", "fd.type=file and evt.is_io=true and container.name!=host", 10, Units.Bytes);
}

sealed class TopContainersError : TableChisel
{
    public override string Name => "topcontainers_error";
    public override string Category => "Errors";
    public override string ShortDescription => "Top containers by number of errors";
    public override string Description => "Shows the top container in terms of system call errors.";

    protected override TableSpec Spec() => new(["container.name"], ["container.name"], "evt.count", "#Errors", "evt.failed=true and container.name!=host", 100, Units.None);
}

sealed class FdBytesBy : TableChisel
{
    public override string Name => "fdbytes_by";
    public override string Category => "I/O";
    public override string ShortDescription => "I/O bytes, aggregated by an arbitrary filter field";
    public override string Description => "Groups FD activity based on the given filter field, and returns the key that generated the most input+output bytes. For example, this script can be used to list the processes or TCP ports that generated most traffic.";
    readonly ChiselArgument<string> key;

    public FdBytesBy()
    {
        key = Argument<string>("key", "The filter field used for grouping", typeName: "string");
    }

    protected override TableSpec Spec() => new(key.Value.Split(','), key.Value.Split(','), "evt.rawarg.res", "Bytes", "evt.is_io=true and evt.failed=false", 30, Units.Bytes);
}

sealed class FdTimeBy : TableChisel
{
    public override string Name => "fdtime_by";
    public override string Category => "I/O";
    public override string ShortDescription => "FD time group by";
    public override string Description => "Groups FD activity based on the given filter field, and returns the keys where most time was spent. For example, this script can be used to list the processes or files that caused the biggest I/O latency.";
    readonly ChiselArgument<string> key;

    public FdTimeBy()
    {
        key = Argument<string>("key", "The filter field used for grouping", typeName: "string");
    }

    protected override TableSpec Spec() => new(key.Value.Split(','), key.Value.Split(','), "evt.latency", "Time", "evt.is_io=true", 10, Units.Time);
}

/// <summary>
/// topprocs_cpu and topcontainers_cpu: the CPU share of processes (or containers), from the procinfo events
/// the driver emits, as sysdig's chisels sum them (thread.cpu × 10⁷ over the capture's duration).
/// </summary>
abstract class CpuTable : TableChisel
{
    DoubleField cpu = null!;

    public override void Initialize()
    {
        base.Initialize();
        cpu = Host.Double("thread.cpu");
    }

    protected override bool TryGetValue(out double v)
    {
        if (!cpu.TryGet(out v)) throw new ChiselError($"{Name} chisel error: attempt to perform arithmetic on a nil value (thread.cpu)");
        v *= 10_000_000;
        return true;
    }
}

sealed class TopProcsCpu : CpuTable
{
    public override string Name => "topprocs_cpu";
    public override string Category => "CPU Usage";
    public override string ShortDescription => "Top processes by CPU usage";
    public override string Description => "Show the top process defined by the highest CPU utilization. This chisel is compatible with containers using the sysdig -pc or -pcontainer argument, otherwise no container information will be shown.";

    protected override TableSpec Spec() => Host.PrintContainer
        ? new(["proc.name", "proc.pid", "proc.vpid", "container.name"], ["Process", "Host_pid", "Container_pid", "container.name"], "thread.exectime", "CPU%", "evt.type=procinfo", 10, Units.TimePercent)
        : new(["proc.name", "proc.pid"], ["Process", "PID"], "thread.exectime", "CPU%", "evt.type=procinfo", 10, Units.TimePercent);
}

sealed class TopContainersCpu : CpuTable
{
    public override string Name => "topcontainers_cpu";
    public override string Category => "CPU Usage";
    public override string ShortDescription => "Top containers by CPU usage";
    public override string Description => "Show the top containers defined by the highest CPU utilization.";

    protected override TableSpec Spec() =>
        new(["container.name"], ["container.name"], "thread.exectime", "CPU%", "evt.type=procinfo", 10, Units.TimePercent);
}
