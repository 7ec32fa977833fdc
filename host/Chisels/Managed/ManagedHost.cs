using Sharpdig.Decode;
using Sharpdig.Driver.Events;
using EventTypes = Sharpdig.Fields.EventTypes;
using Sharpdig.Output;
using Sharpdig.Sdk;
using SdkField = Sharpdig.Sdk.Field;

namespace Sharpdig.Chisels.Managed;

/// <summary>sharpdig's side of the SDK for one C# chisel: its fields, filter, output and view of the state.</summary>
sealed class ManagedHost : ChiselHost
{
    readonly ManagedChisel owner;
    string? filter;

    public ManagedHost(ManagedChisel owner, Sharpdig.Sdk.Chisel chisel)
    {
        this.owner = owner;
        EventView = new CurrentEvent(owner);
        Out = new BufferOutput(owner.Session.Output);
        Attach(chisel, this);
    }

    /// <summary>The view of the current event handed to OnEvent.</summary>
    public ChiselEvent EventView { get; }

    public override SdkField Field(string name) => ManagedFields.Natural(owner, name);
    public override Int64Field Int64(string name) => ManagedFields.Int64(owner, name);
    public override UInt64Field UInt64(string name) => ManagedFields.UInt64(owner, name);
    public override DoubleField Double(string name) => ManagedFields.Double(owner, name);
    public override BoolField Bool(string name) => ManagedFields.Bool(owner, name);
    public override TextField Text(string name) => ManagedFields.Text(owner, name);

    public override string? Filter
    {
        get => filter;
        set
        {
            owner.SetFilter(value ?? "");
            filter = string.IsNullOrEmpty(value) ? null : value;
        }
    }

    public override string GlobalFilter => owner.Session.GlobalFilter;

    public override void SetGlobalFilter(string text)
    {
        try
        {
            owner.Session.SetGlobalFilter(text);
        }
        catch (Filter.FilterException e)
        {
            throw new ChiselError($"invalid filter in chisel {owner.Name}: {e.Describe()}");
        }
    }

    public override void SetEventFormat(string? format) => owner.SetEventFormat(format);

    public override void SetBufferFormat(string format) => owner.Session.ChooseBufferFormat(format, owner.Name);

    /// <summary>As sharpdig's Lua chisels: capture files keep their own snaplen, and the live driver's is the command line's.</summary>
    public override void SetSnaplen(int bytes)
    {
    }

    public override ulong IntervalNs
    {
        get => owner.IntervalNs;
        set => owner.IntervalNs = value;
    }

    public override ulong PreciseIntervalNs
    {
        get => owner.PreciseIntervalNs;
        set => owner.PreciseIntervalNs = value;
    }

    public override void EndCapture() => owner.EndCaptureRequested = true;

    public override void RunAfter(string arguments) => owner.NextRunArguments = arguments;

    public override ChiselEvent Event => EventView;

    public override ChiselOutput Out { get; }

    public override void Print(Table table, ulong timestamp, ulong delta) =>
        TableText.Print(owner.Session.Output, table, timestamp, delta, owner.Session.IsJson);

    public override bool IsLive => owner.Session.Settings.IsLive;
    public override bool IsTerminal => !Console.IsOutputRedirected;
    public override bool PrintContainer => owner.Session.Settings.PrintContainer;
    public override bool IsJson => owner.Session.IsJson;
    public override string EventSourceName => owner.Session.EventSourceName;
    public override int EventTypeIdCount => CurrentEvent.TypeIdCount;

    public override IReadOnlyList<ThreadSnapshot> Threads(string? filter = null) => StateView.Threads(owner, filter);

    public override IReadOnlyList<ContainerSnapshot> Containers() =>
        StateProbe.Containers(owner.Session.Inspector).Select(c => new ContainerSnapshot(c.Id, c.Name, c.Image, c.Type)).ToList();

    /// <summary>The event the session last handed to the chisel.</summary>
    sealed class CurrentEvent(ManagedChisel owner) : ChiselEvent
    {
        /// <summary>Type ids: the event table's ids, then one per system call for generic events, then one for system calls beyond the table (which have no name).</summary>
        static readonly int SyscallIdBase = EventTable.Count, SyscallCount = EventTable.Syscalls.Length;
        public static readonly int TypeIdCount = SyscallIdBase + SyscallCount + 1;

        Event E => owner.CurrentEvent ?? throw new ChiselError($"chisel {owner.Name}: no event yet");
        public override ulong Number => E.Number;
        public override ulong Timestamp => E.Timestamp;
        public override long ThreadId => E.Tid;
        public override int Cpu => E.Cpu;
        public override bool IsEnter => E.IsEnter;
        public override ReadOnlySpan<byte> TypeName => E.TypeNameUtf8;

        public override int TypeId
        {
            get
            {
                var e = E;
                ushort type = e.Type;
                return type is EventTypes.GenericE or EventTypes.GenericX
                    ? SyscallIdBase + Math.Min((ushort)e.ParamUInt64(0), SyscallCount)
                    : type;
            }
        }
    }

    /// <summary>The session's standard output buffer.</summary>
    sealed class BufferOutput(TextBuffer buffer) : ChiselOutput
    {
        public override void Write(ReadOnlySpan<byte> utf8) => buffer.Append(utf8);

        // Encoded straight into the buffer, without the base class's copy through the stack.
        public override void Write(ReadOnlySpan<char> text) => buffer.Append(text);
    }
}
