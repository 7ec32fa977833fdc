using Sharpdig.Sdk;

namespace Sharpdig.BuiltinChisels;

/// <summary>
/// spy_ip and spy_port: the data of each network read and write with an endpoint, under a header that
/// says the direction. As in sysdig's chisels, the header repeats the last one when the direction did not
/// change, and spy_ip calls writes "Read" too.
/// </summary>
abstract class SpyNet : Chisel
{
    protected readonly ChiselArgument<string?> disableColor;
    readonly Terminal terminal = new();
    TextField data = null!;
    BoolField isRead = null!;
    Int64Field res = null!;
    bool? lastWasRead;
    string header = "";

    protected SpyNet()
    {
        Declare();
        disableColor = Argument<string?>("disable_color", "Set to 'disable_colors' if you want to disable color output", optional: true, typeName: "string");
    }

    /// <summary>Declares the endpoint argument (before disable_color).</summary>
    protected abstract void Declare();

    /// <summary>The filter term that selects the endpoint.</summary>
    protected abstract string Endpoint { get; }

    /// <summary>What the header calls a write.</summary>
    protected abstract string WriteWord { get; }

    public override void Initialize()
    {
        if (disableColor.Value == "disable_colors") terminal.DisableColors();
        data = Host.Text("evt.arg.data");
        isRead = Host.Bool("evt.is_io_read");
        res = Host.Int64("evt.rawarg.res");
        Host.Filter = "evt.is_io=true and (fd.type=ipv4 or fd.type=ipv6) and " + Endpoint;
    }

    public override bool OnEvent(ChiselEvent e)
    {
        if (!res.TryGet(out long bytes) || bytes <= 0) return true;
        if (!data.TryGet(out _)) return true;
        bool read = isRead.GetOrDefault();
        if (read && lastWasRead != true)
        {
            header = terminal.Red + "------ Read " + NumberText.Bytes(bytes);
            lastWasRead = true;
        }
        else if (!read && lastWasRead != false)
        {
            header = terminal.Blue + "------ " + WriteWord + " " + NumberText.Bytes(bytes);
            lastWasRead = false;
        }
        Host.Out.WriteLine(header);
        data.TryGet(out var payload);
        Host.Out.WriteLine(payload);
        return true;
    }

    public override void OnCaptureEnd(ulong timestamp, ulong delta) => Host.Out.WriteLine(terminal.Reset);
}

sealed class SpyIp : SpyNet
{
    public override string Name => "spy_ip";
    public override string Category => "Net";
    public override string ShortDescription => "Show the data exchanged with the given IP address";
    public override string Description => "Shows the network payloads exchanged with an IP end-point. You can combine this chisel with the -x, -X or -A sysdig command line switches to customize the screen output";
    ChiselArgument<string> hostIp = null!;

    protected override void Declare() => hostIp = Argument<string>("host_ip", "The remote host IP address", typeName: "ipv4");
    protected override string Endpoint => "fd.ip=" + hostIp.Value;
    protected override string WriteWord => "Read";
}

sealed class SpyPort : SpyNet
{
    public override string Name => "spy_port";
    public override string Category => "Net";
    public override string ShortDescription => "Show the data exchanged using the given IP port number";
    public override string Description => "Shows the network payloads exchanged using a given IP port number. You can combine this chisel with the -x, -X or -A sysdig command line switches to customize the screen output";
    ChiselArgument<string> hostPort = null!;

    protected override void Declare() => hostPort = Argument<string>("host_port", "The remote host IP port number", typeName: "int");
    protected override string Endpoint => "fd.port=" + hostPort.Value;
    protected override string WriteWord => "Write";
}
