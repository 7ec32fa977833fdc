using System.Diagnostics.CodeAnalysis;

namespace Sharpdig.Sdk;

/// <summary>
/// A chisel: a small program that sharpdig runs over a capture. Derive from this class, describe the
/// chisel (<see cref="Name"/>, <see cref="Category"/>, descriptions), declare its arguments in the
/// constructor with <see cref="Argument{T}(string, string, bool, T, string?, Func{string, T}?)"/>, ask
/// for fields and set a filter in <see cref="Initialize"/>, and react to events in <see cref="OnEvent"/>.
/// </summary>
/// <remarks>
/// The callbacks run in sysdig's order: arguments are set while the command line is read, then
/// <see cref="Initialize"/> (before the capture opens), <see cref="OnCaptureStart"/>, <see cref="OnEvent"/>
/// for each event that passes the global filter and the chisel's own, <see cref="OnInterval"/> when an
/// interval was set, and <see cref="OnCaptureEnd"/>. A <see cref="ChiselError"/> thrown by any of them stops
/// the run with its message on one line.
/// </remarks>
// Public methods are kept for HandlesEvents, which looks for an override of OnEvent (also in trimmed, native hosts).
[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicMethods)]
public abstract class Chisel
{
    readonly List<ChiselArgument> arguments = new();
    ChiselHost? host;

    /// <summary>The name the chisel is run by (<c>-c NAME</c>).</summary>
    public abstract string Name { get; }

    /// <summary>The heading -cl lists the chisel under ("" for none).</summary>
    public virtual string Category => "";

    /// <summary>One line for -cl.</summary>
    public virtual string ShortDescription => "";

    /// <summary>What -i shows; the short description unless overridden.</summary>
    public virtual string Description => ShortDescription;

    /// <summary>Hidden chisels run by name but -cl does not list them.</summary>
    public virtual bool Hidden => false;

    /// <summary>The declared arguments, in the order the command line gives them.</summary>
    public IReadOnlyList<ChiselArgument> Arguments => arguments;

    /// <summary>sharpdig's services: fields, filters, output, state. Set before <see cref="Initialize"/>.</summary>
    public ChiselHost Host
    {
        get => host ?? throw new InvalidOperationException($"chisel {Name} is not attached to sharpdig yet");
        internal set => host = value;
    }

    /// <summary>Whether sharpdig has attached itself (see <see cref="Host"/>).</summary>
    public bool IsAttached => host != null;

    /// <summary>
    /// Declares an argument. Arguments are given on the command line in declaration order (required ones
    /// first); the value is parsed when it is set, and a value that does not parse is a <see cref="ChiselError"/>.
    /// </summary>
    /// <param name="name">The argument's name, as -i shows it.</param>
    /// <param name="description">What it means, as -i shows it.</param>
    /// <param name="optional">Whether it may be left out.</param>
    /// <param name="defaultValue">The value when it is left out.</param>
    /// <param name="typeName">The type -i shows; by default from <typeparamref name="T"/> ("string", "int", "double", "bool").</param>
    /// <param name="parse">How to read the text; by default the invariant-culture parser of <typeparamref name="T"/>.</param>
    protected ChiselArgument<T> Argument<T>(string name, string description, bool optional = false, T defaultValue = default!,
        string? typeName = null, Func<string, T>? parse = null)
    {
        var argument = new ChiselArgument<T>(this, name, description, optional, defaultValue, typeName, parse);
        arguments.Add(argument);
        return argument;
    }

    /// <summary>Request fields, set filters and intervals here (sysdig's on_init). Runs before the capture opens.</summary>
    public virtual void Initialize()
    {
    }

    /// <summary>The capture is open: its threads, files and containers are known (on_capture_start).</summary>
    public virtual void OnCaptureStart()
    {
    }

    /// <summary>
    /// An event passed the global filter and the chisel's filter (on_event). Its fields are read through
    /// the handles asked for in <see cref="Initialize"/>. Returns whether the event is printed with the
    /// format of <see cref="ChiselHost.SetEventFormat"/>, if one is set. Chisels that do not override this
    /// are not called per event at all.
    /// </summary>
    public virtual bool OnEvent(ChiselEvent e) => true;

    /// <summary>The interval set with <see cref="ChiselHost.IntervalNs"/> elapsed (on_interval), at <paramref name="timestamp"/> ns; <paramref name="delta"/> ns since the last one.</summary>
    public virtual void OnInterval(ulong timestamp, ulong delta)
    {
    }

    /// <summary>The capture ended (on_capture_end): the last event's time, and the capture's duration in ns.</summary>
    public virtual void OnCaptureEnd(ulong timestamp, ulong delta)
    {
    }

    /// <summary>Whether this chisel overrides <see cref="OnEvent"/> (the host skips the call otherwise).</summary>
    public bool HandlesEvents => GetType().GetMethod(nameof(OnEvent), [typeof(ChiselEvent)])!.DeclaringType != typeof(Chisel);
}
