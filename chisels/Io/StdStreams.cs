using Sharpdig.Sdk;

namespace Sharpdig.BuiltinChisels;

/// <summary>stdin, stdout, stderr: the data processes read or write on one standard fd, as it is.</summary>
abstract class StdStream(int fd) : Chisel
{
    TextField data = null!;

    public override void Initialize()
    {
        data = Host.Text("evt.rawarg.data");
        Host.Filter = $"fd.num={fd} and evt.is_io=true";
    }

    public override bool OnEvent(ChiselEvent e)
    {
        if (data.TryGet(out var bytes)) Print(bytes);
        return true;
    }

    protected virtual void Print(ReadOnlySpan<byte> bytes) => Host.Out.WriteLine(bytes);
}

sealed class Stdin() : StdStream(0)
{
    public override string Name => "stdin";
    public override string Category => "I/O";
    public override string ShortDescription => "Print stdin of processes";
    public override string Description => "Print the standard input of any process on screen. Combine this script with a filter to limit the output to a specific process or pid.";
}

sealed class Stdout() : StdStream(1)
{
    public override string Name => "stdout";
    public override string Category => "I/O";
    public override string ShortDescription => "Print stdout of processes";
    public override string Description => "Print the standard output of any process on screen. Combine this script with a filter to limit the output to a specific process or pid.";
}

/// <summary>stderr also shows the container (colored) under -pc.</summary>
sealed class Stderr : StdStream
{
    public override string Name => "stderr";
    public override string Category => "I/O";
    public override string ShortDescription => "Print stderr of processes";
    public override string Description => "Print the standard error of any process on screen. Combine this script with a filter to limit the output to a specific process or pid. This chisel is compatible with containers using the sysdig -pc or -pcontainer argument, otherwise no container information will be shown. (Blue represents a process running within a container, and Green represents a host process)";
    readonly ChiselArgument<string?> disableColor;
    readonly Terminal terminal = new();
    TextField containerName = null!, containerId = null!;

    public Stderr() : base(2)
    {
        disableColor = Argument<string?>("disable_color", "Set to 'disable_colors' if you want to disable color output", optional: true, typeName: "string",
            parse: v => v == "disable_color" ? v : throw new ArgumentException("not disable_color"));
    }

    public override void Initialize()
    {
        if (disableColor.IsSet) terminal.DisableColors();
        containerName = Host.Text("container.name");
        containerId = Host.Text("container.id");
        base.Initialize();
    }

    protected override void Print(ReadOnlySpan<byte> bytes)
    {
        if (!Host.PrintContainer)
        {
            Host.Out.WriteLine(bytes);
            return;
        }
        var o = Host.Out;
        o.Write(containerName.ValueEquals("host"u8) ? terminal.Green : terminal.Blue);
        o.WriteLeft(containerId.Required(this), 20, 20);
        o.Write(" "u8);
        o.WriteLeft(containerName.Required(this), 20, 20);
        o.Write(" "u8);
        o.WriteLine(bytes);
    }
}

/// <summary>iobytes, iobytes_file, iobytes_net: bytes read and written, printed every second.</summary>
abstract class IoBytes(string filter) : Chisel
{
    Int64Field bytes = null!;
    TextField time = null!;
    BoolField isRead = null!;
    long total, totalIn, totalOut;

    public override void Initialize()
    {
        bytes = Host.Int64("evt.rawarg.res");
        time = Host.Text("evt.time.s");
        isRead = Host.Bool("evt.is_io_read");
        Host.Filter = filter;
        Host.IntervalNs = 1_000_000_000;
    }

    public override bool OnEvent(ChiselEvent e)
    {
        if (bytes.TryGet(out long n) && n > 0)
        {
            total += n;
            if (isRead.GetOrDefault()) totalIn += n;
            else totalOut += n;
        }
        return true;
    }

    public override void OnInterval(ulong timestamp, ulong delta)
    {
        var o = Host.Out;
        o.Write(time.Required(this));
        o.Write(" in:"u8);
        o.Write(NumberText.Lua(totalIn));
        o.Write(" out:"u8);
        o.Write(NumberText.Lua(totalOut));
        o.Write(" tot:"u8);
        o.WriteLine(NumberText.Lua(total));
        total = totalIn = totalOut = 0;
    }
}

sealed class IoBytesAll() : IoBytes("evt.is_io=true")
{
    public override string Name => "iobytes";
    public override string Category => "I/O";
    public override string ShortDescription => "Sum of I/O bytes on any type of FD";
    public override string Description => "Counts the total bytes read from and written to any type of FD (disk, socket, pipe...) and prints the result every second.";
}

sealed class IoBytesFile() : IoBytes("evt.is_io=true and fd.type=file")
{
    public override string Name => "iobytes_file";
    public override string Category => "I/O";
    public override string ShortDescription => "Sum of file I/O bytes";
    public override string Description => "Counts the total bytes read from and written to files.";
}

sealed class IoBytesNet() : IoBytes("evt.is_io=true and (fd.type=ipv4 or fd.type=ipv6)")
{
    public override string Name => "iobytes_net";
    public override string Category => "Net";
    public override string ShortDescription => "Show total network I/O bytes";
    public override string Description => "Counts the total bytes read from and written to the network, and prints the result every second";
}
