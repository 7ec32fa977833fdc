namespace Sharpdig.Sdk;

/// <summary>
/// What sharpdig offers a chisel (through <see cref="Chisel.Host"/>): fields, filters, intervals, output,
/// tables and the state of the capture. sharpdig implements it; chisels only call it.
/// </summary>
public abstract class ChiselHost
{
    /// <summary>For sharpdig: attaches the host to <paramref name="chisel"/>.</summary>
    protected static void Attach(Chisel chisel, ChiselHost host) => chisel.Host = host;

    // Fields --------------------------------------------------------------------------------------

    /// <summary>
    /// A handle on field <paramref name="name"/> (e.g. "fd.name", "proc.aname[2]", "evt.rawarg.res"), typed by
    /// its kind: an <see cref="Int64Field"/>, <see cref="UInt64Field"/>, <see cref="DoubleField"/>,
    /// <see cref="BoolField"/> or <see cref="TextField"/>. An unknown field is a <see cref="ChiselError"/>
    /// naming the chisel and the field.
    /// </summary>
    public abstract Field Field(string name);

    /// <summary>A signed integer field (any integer field up to 63 bits of value); another kind is a <see cref="ChiselError"/>.</summary>
    public abstract Int64Field Int64(string name);

    /// <summary>An unsigned integer field (counts, times, ports); another kind is a <see cref="ChiselError"/>.</summary>
    public abstract UInt64Field UInt64(string name);

    /// <summary>Any numeric field, read as a double; another kind is a <see cref="ChiselError"/>.</summary>
    public abstract DoubleField Double(string name);

    /// <summary>A boolean field; another kind is a <see cref="ChiselError"/>.</summary>
    public abstract BoolField Bool(string name);

    /// <summary>Any field read as bytes: text and buffers as they are, other kinds as the text sharpdig prints for them.</summary>
    public abstract TextField Text(string name);

    // What the chisel sees and prints ---------------------------------------------------------------

    /// <summary>
    /// The chisel's own filter (sysdig's chisel.set_filter), in sysdig's filter language: the chisel sees
    /// only the events that pass it (after the command line's). Invalid text is a <see cref="ChiselError"/>.
    /// </summary>
    public abstract string? Filter { get; set; }

    /// <summary>The global filter: the command line's (or what <see cref="SetGlobalFilter"/> set).</summary>
    public abstract string GlobalFilter { get; }

    /// <summary>Replaces the global filter (sysdig.set_filter).</summary>
    public abstract void SetGlobalFilter(string filter);

    /// <summary>
    /// Prints each event the chisel keeps (<see cref="Chisel.OnEvent"/> returned true) with this -p format
    /// ("" or "default" for sysdig's default line); null prints nothing.
    /// </summary>
    public abstract void SetEventFormat(string? format);

    /// <summary>How buffers (evt.buffer, evt.arg.data) render: "normal", "ascii", "hex", "hexascii", "base64", "json" — unless the command line chose.</summary>
    public abstract void SetBufferFormat(string format);

    /// <summary>
    /// How many bytes of I/O buffers a live capture keeps (sysdig.set_snaplen). Capture files keep what
    /// they were written with, so this only matters live.
    /// </summary>
    public abstract void SetSnaplen(int bytes);

    /// <summary>
    /// Call <see cref="Chisel.OnInterval"/> every this many ns of event time, when an event crosses a multiple
    /// of it (chisel.set_interval_ns; 0: never). Set it in <see cref="Chisel.Initialize"/> or <see cref="Chisel.OnCaptureStart"/>.
    /// </summary>
    public abstract ulong IntervalNs { get; set; }

    /// <summary>
    /// Call <see cref="Chisel.OnInterval"/> once for every step of this many ns from the first event on, however
    /// many steps fall between two events (chisel.set_precise_interval_ns; 0: never).
    /// </summary>
    public abstract ulong PreciseIntervalNs { get; set; }

    /// <summary>Stop the capture after the current event.</summary>
    public abstract void EndCapture();

    /// <summary>After this run, run sharpdig again with these arguments (sysdig.run_app).</summary>
    public abstract void RunAfter(string arguments);

    /// <summary>The last event handed to the chisel (its header; its fields through the handles).</summary>
    public abstract ChiselEvent Event { get; }

    /// <summary>Standard output.</summary>
    public abstract ChiselOutput Out { get; }

    /// <summary>Prints a table as sysdig's chisels do: heading, rule, rows (or JSON with -j). <paramref name="delta"/> ns is what <see cref="Units.TimePercent"/> divides by.</summary>
    public abstract void Print(Table table, ulong timestamp, ulong delta);

    // The run ------------------------------------------------------------------------------------------

    /// <summary>Whether events come from a live capture rather than a file.</summary>
    public abstract bool IsLive { get; }

    /// <summary>Whether standard output is a terminal.</summary>
    public abstract bool IsTerminal { get; }

    /// <summary>Whether the command line asked for container information (-pc, -pcontainer...).</summary>
    public abstract bool PrintContainer { get; }

    /// <summary>Whether output is JSON (-j).</summary>
    public abstract bool IsJson { get; }

    /// <summary>The capture file being read ("" when live).</summary>
    public abstract string EventSourceName { get; }

    /// <summary>The bound of <see cref="ChiselEvent.TypeId"/>: arrays of this length hold a slot for every event type.</summary>
    public abstract int EventTypeIdCount { get; }

    /// <summary>
    /// The threads of the capture's state at this point, each with its open fds, ordered by thread id.
    /// With <paramref name="filter"/>, only the fds that pass it (each seen as the event of a read on it)
    /// and the threads that have one.
    /// </summary>
    public abstract IReadOnlyList<ThreadSnapshot> Threads(string? filter = null);

    /// <summary>The containers the capture knows.</summary>
    public abstract IReadOnlyList<ContainerSnapshot> Containers();
}

/// <summary>A thread of the capture's state (sysdig's thread table entry).</summary>
public sealed record ThreadSnapshot
{
    /// <summary>Thread id.</summary>
    public required long Tid { get; init; }
    /// <summary>Process id.</summary>
    public required long Pid { get; init; }
    /// <summary>Parent thread id.</summary>
    public required long Ptid { get; init; }
    /// <summary>Command name.</summary>
    public required string Comm { get; init; }
    /// <summary>Executable, as executed.</summary>
    public required string Exe { get; init; }
    /// <summary>Arguments.</summary>
    public required IReadOnlyList<string> Args { get; init; }
    /// <summary>Environment, as NAME=value strings.</summary>
    public required IReadOnlyList<string> Env { get; init; }
    /// <summary>User id.</summary>
    public required uint Uid { get; init; }
    /// <summary>Group id.</summary>
    public required uint Gid { get; init; }
    /// <summary>User name ("&lt;NA&gt;" when unknown).</summary>
    public required string UserName { get; init; }
    /// <summary>The thread's flags (sysdig's PPM_CL_* bits).</summary>
    public required ulong Flags { get; init; }
    /// <summary>Maximum number of fds.</summary>
    public required long FdLimit { get; init; }
    /// <summary>Number of child threads.</summary>
    public required long Children { get; init; }
    /// <summary>Virtual memory size, KiB.</summary>
    public required ulong VmSizeKb { get; init; }
    /// <summary>Resident memory, KiB.</summary>
    public required ulong VmRssKb { get; init; }
    /// <summary>Swapped memory, KiB.</summary>
    public required ulong VmSwapKb { get; init; }
    /// <summary>Major page faults.</summary>
    public required ulong PageFaultsMajor { get; init; }
    /// <summary>Minor page faults.</summary>
    public required ulong PageFaultsMinor { get; init; }
    /// <summary>When the thread was created, ns since the epoch (0 when unknown).</summary>
    public required ulong CloneTimestamp { get; init; }
    /// <summary>Open fds (those passing the filter, when one was given), by number.</summary>
    public required IReadOnlyList<FdSnapshot> Fds { get; init; }
}

/// <summary>An open fd of a thread.</summary>
public sealed record FdSnapshot
{
    /// <summary>The fd number.</summary>
    public required long Number { get; init; }
    /// <summary>Its name, as fd.name shows it.</summary>
    public required string Name { get; init; }
    /// <summary>Its type, as fd.type shows it ("file", "ipv4"...).</summary>
    public required string Type { get; init; }
    /// <summary>Transport protocol of a socket ("tcp", "udp"...), else null.</summary>
    public string? L4Proto { get; init; }
    /// <summary>Client address of a connected socket, else null.</summary>
    public string? ClientIp { get; init; }
    /// <summary>Client port of a connected socket.</summary>
    public ushort? ClientPort { get; init; }
    /// <summary>Server address of a socket, else null.</summary>
    public string? ServerIp { get; init; }
    /// <summary>Server port of a socket.</summary>
    public ushort? ServerPort { get; init; }
    /// <summary>Whether this end of the socket is the server.</summary>
    public bool IsServer { get; init; }
}

/// <summary>A container the capture knows.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Name">Its name.</param>
/// <param name="Image">Its image.</param>
/// <param name="Type">Its runtime ("docker", "cri-o"...).</param>
public sealed record ContainerSnapshot(string Id, string Name, string Image, string Type);
