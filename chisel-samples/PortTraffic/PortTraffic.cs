using Sharpdig.Sdk;

namespace PortTraffic;

/// <summary>Network bytes by server port, split into bytes read and written, largest first.</summary>
public sealed class PortTrafficChisel : Chisel
{
    readonly ChiselArgument<int> top;
    UInt64Field port = null!;
    BoolField isRead = null!;
    Int64Field bytes = null!;
    Table table = null!;

    public PortTrafficChisel() =>
        top = Argument("top", "how many rows to show", optional: true, defaultValue: 20);

    public override string Name => "port_traffic";
    public override string Category => "Samples";
    public override string ShortDescription => "Network bytes by server port, read and written";
    public override string Description =>
        "Sums the bytes read and written on TCP and UDP sockets, by the connection's server port and direction.";

    public override void Initialize()
    {
        port = Host.UInt64("fd.sport");
        isRead = Host.Bool("evt.is_io_read");
        bytes = Host.Int64("evt.rawarg.res");
        Host.Filter = "(fd.type=ipv4 or fd.type=ipv6) and evt.is_io=true and evt.failed=false";
        table = new Table([new("fd.sport", "Port"), new("evt.is_io_read", "Direction")], new("evt.rawarg.res", "Bytes"),
            Units.Bytes, top.Value);
    }

    public override bool OnEvent(ChiselEvent e)
    {
        if (!port.TryGet(out ulong p) || !bytes.TryGet(out long n) || n <= 0) return true;
        table.Key.Clear().Append((long)p).Append(isRead.GetOrDefault() ? "in"u8 : "out"u8);
        table.Add(n);
        return true;
    }

    public override void OnCaptureEnd(ulong timestamp, ulong delta) => Host.Print(table, timestamp, delta);
}
