using Sharpdig.Sdk;

namespace Sharpdig.BuiltinChisels;

/// <summary>
/// echo_fds: a colored line for each successful read or write (its size, fd name and process; with -pc its
/// container), then the data, printed by the %evt.arg.data event format.
/// </summary>
sealed class EchoFds : Chisel
{
    public override string Name => "echo_fds";
    public override string Category => "I/O";
    public override string ShortDescription => "Print the data read and written by processes.";
    public override string Description => "Print the data read and written for any FD. Combine this script with a filter to restrict what it shows. This chisel is compatible with containers using the sysdig -pc or -pcontainer argument, otherwise no container information will be shown. (Blue represents  [Write], and Red represents [Read] for all data except when the -pc or -pcontainer argument is used. If used the container.name and container.id will be represented as: Green [host], and Cyan [container]) Container information will contain '[]' around container.name and container.id.";
    readonly ChiselArgument<string?> disableColor;
    readonly Terminal terminal = new();
    BoolField isRead = null!;
    Int64Field res = null!;
    TextField fdName = null!, procName = null!, containerName = null!, containerId = null!;
    bool printContainer;

    public EchoFds()
    {
        disableColor = Argument<string?>("disable_color", "Set to 'disable_colors' if you want to disable color output", optional: true, typeName: "string");
    }

    public override void Initialize()
    {
        if (disableColor.Value == "disable_color") terminal.DisableColors();
        isRead = Host.Bool("evt.is_io_read");
        res = Host.Int64("evt.rawarg.res");
        fdName = Host.Text("fd.name");
        procName = Host.Text("proc.name");
        containerName = Host.Text("container.name");
        containerId = Host.Text("container.id");
        printContainer = Host.PrintContainer;
        // Keep more of the conversation when capturing live.
        Host.SetSnaplen(2000);
        Host.Filter = "evt.is_io=true and evt.dir=< and evt.rawres>0";
        Host.SetEventFormat("%evt.arg.data");
    }

    public override bool OnEvent(ChiselEvent e)
    {
        if (!res.TryGet(out long bytes) || bytes <= 0) return true;
        var o = Host.Out;
        bool read = isRead.GetOrDefault();
        var color = read ? terminal.Red : terminal.Blue;
        o.Write(color);
        o.Write(read ? "------ Read "u8 : "------ Write "u8);
        Span<byte> size = stackalloc byte[NumberText.MaxLength];
        o.Write(size[..NumberText.Bytes(bytes, size)]);
        o.Write(read ? " from "u8 : " to "u8);
        if (printContainer)
        {
            o.Write(containerName.ValueEquals("host"u8) ? terminal.Green : terminal.Cyan);
            o.Write(" ["u8);
            WriteText(o, containerName, "nil"u8);
            o.Write("] ["u8);
            WriteText(o, containerId, "nil"u8);
            o.Write("]"u8);
        }
        o.Write(" "u8);
        o.Write(color);
        o.Write(" "u8);
        WriteText(o, fdName, "<NA>"u8);
        o.Write(" ("u8);
        WriteText(o, procName, "nil"u8);
        o.WriteLine(")"u8);
        return true;
    }

    /// <summary>A field's text, or <paramref name="missing"/> (LuaJIT's string.format("%s") writes a missing value as "nil").</summary>
    static void WriteText(ChiselOutput o, TextField field, ReadOnlySpan<byte> missing) =>
        o.Write(field.TryGet(out var value) ? value : missing);

    public override void OnCaptureEnd(ulong timestamp, ulong delta) => Host.Out.WriteLine(terminal.Reset);
}
