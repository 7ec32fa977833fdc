using Sharpdig.Decode;
using Sharpdig.Output;
using Sdk = Sharpdig.Sdk;

namespace Sharpdig.Chisels.Managed;

/// <summary>
/// A C# chisel (built in, a .csx script or a plugin) driven by the session like any other: its
/// callbacks are the SDK chisel's, and what it fails with becomes one line on stderr.
/// </summary>
sealed class ManagedChisel : Chisel
{
    readonly Sdk.Chisel chisel;
    readonly bool handlesEvents;

    /// <param name="session">The run.</param>
    /// <param name="chisel">The SDK chisel.</param>
    /// <param name="name">The name it is found by, when not its own (a script's file name).</param>
    /// <param name="origin">Where a plugin's chisel came from, for -cl.</param>
    public ManagedChisel(ChiselSession session, Sdk.Chisel chisel, string? name = null, string? origin = null)
        : base(session, name ?? chisel.Name, Describe(chisel, name, origin))
    {
        this.chisel = chisel;
        handlesEvents = chisel.HandlesEvents;
        Host = new ManagedHost(this, chisel);
    }

    public ManagedHost Host { get; }

    public override bool HandlesEvents => handlesEvents;

    /// <summary>What -cl and -i show for an SDK chisel: listed as <paramref name="name"/> (else its own name), with its <paramref name="origin"/> if it is a plugin's.</summary>
    public static ChiselInfo Describe(Sdk.Chisel chisel, string? name = null, string? origin = null) =>
        new(name ?? chisel.Name, chisel.Category, chisel.ShortDescription, chisel.Description,
            chisel.Arguments.Select(a => new ChiselArgument(a.Name, a.TypeName, a.Description, a.Optional)).ToList(), Origin: origin);

    protected override void SetArgument(string name, string value)
    {
        var argument = chisel.Arguments.First(a => a.Name == name);
        Guard(() => argument.Set(value));
    }

    /// <summary>Initialize runs once, even when several files are read (a Lua chisel's on_init runs for each, as in sysdig).</summary>
    public override void Init()
    {
        if (initialized) return;
        initialized = true;
        Guard(chisel.Initialize);
    }

    bool initialized;

    public override void CaptureStart() => Guard(chisel.OnCaptureStart);

    public override bool OnEvent(Event e)
    {
        try
        {
            return chisel.OnEvent(Host.EventView);
        }
        catch (Exception x) when (Translate(x) is { } error)
        {
            throw error;
        }
    }

    protected override bool OnInterval(ulong ts, ulong delta)
    {
        Guard(() => chisel.OnInterval(ts, delta));
        return true;
    }

    public override void CaptureEnd(ulong lastTs, ulong delta) => Guard(() => chisel.OnCaptureEnd(lastTs, delta));

    void Guard(Action callback)
    {
        try
        {
            callback();
        }
        catch (Exception x) when (Translate(x) is { } error)
        {
            throw error;
        }
    }

    /// <summary>
    /// The session's exception for what a callback threw: the SDK's errors and exits as such; sharpdig's
    /// own (filter errors, a closed stdout) unchanged (null); anything else, a bug in the chisel, as one line naming it.
    /// </summary>
    Exception? Translate(Exception x) => x switch
    {
        Sdk.ChiselError e => new ChiselException(e.Message),
        Sdk.ChiselExit e => new ChiselExitException(e.Status),
        ChiselException or ChiselExitException or OutputClosedException => null,
        _ => new ChiselException($"{Name} chisel error: {x.GetType().Name}: {x.Message}{Where(x)}"),
    };

    /// <summary>The unqualified name of a type named in full (namespace and enclosing types dropped).</summary>
    static string TypeName(string fullName) => fullName[(fullName.LastIndexOfAny(['.', '+']) + 1)..];

    static string Where(Exception x)
    {
        var frame = new System.Diagnostics.StackTrace(x, true).GetFrames().FirstOrDefault(f => System.Diagnostics.DiagnosticMethodInfo.Create(f) != null);
        if (frame == null || System.Diagnostics.DiagnosticMethodInfo.Create(frame) is not { } method) return "";
        var file = frame.GetFileName();
        return file != null ? $" (at {Path.GetFileName(file)}:{frame.GetFileLineNumber()})" : $" (in {TypeName(method.DeclaringTypeName)}.{method.Name})";
    }
}
