using Sharpdig.Sdk;

namespace Sharpdig.BuiltinChisels;

/// <summary>echo_fds: a colored header for each successful read or write, then its data.</summary>
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
        Host.Filter = "evt.is_io=true and evt.dir=< and evt.rawres>0";
        Host.SetEventFormat("%evt.arg.data");
    }

    public override bool OnEvent(ChiselEvent e)
    {
        long bytes = res.GetOrDefault();
        if (bytes <= 0) return true;
        var o = Host.Out;
        bool read = isRead.GetOrDefault();
        var color = read ? terminal.Red : terminal.Blue;
        o.Write(color);
        o.Write(read ? "------ Read " : "------ Write ");
        o.Write(NumberText.Bytes(bytes));
        o.Write(read ? " from " : " to ");
        if (printContainer)
        {
            bool host = containerName.ValueEquals("host"u8);
            o.Write(host ? terminal.Green : terminal.Cyan);
            o.Write(" ["u8);
            o.Write(containerName.Required(this));
            o.Write("] ["u8);
            o.Write(containerId.Required(this));
            o.Write("]"u8);
        }
        o.Write(" "u8);
        o.Write(color);
        o.Write(" "u8);
        o.Write(fdName.TryGet(out var name) ? name : "<NA>"u8);
        o.Write(" ("u8);
        o.Write(procName.Required(this));
        o.WriteLine(")"u8);
        return true;
    }

    public override void OnCaptureEnd(ulong timestamp, ulong delta) => Host.Out.WriteLine(terminal.Reset);
}
