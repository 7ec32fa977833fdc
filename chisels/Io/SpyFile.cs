using Sharpdig.Sdk;

namespace Sharpdig.BuiltinChisels;

/// <summary>spy_file: every successful read or write of a file, one line each with its data (as ASCII).</summary>
sealed class SpyFile : Chisel
{
    public override string Name => "spy_file";
    public override string Category => "I/O";
    public override string ShortDescription => "Echo any read/write made by any process to all files. Optionally, you can provide the name of one file to only intercept reads/writes to that file.";
    public override string Description => "This chisel intercepts all reads and writes to all files. Instead of all files, you can limit interception to one file.";
    readonly ChiselArgument<string?> readOrWrite, spyOnFileName;
    TextField data = null!, fdName = null!, procName = null!, time = null!;
    BoolField isWrite = null!;
    Int64Field pid = null!, res = null!;

    public SpyFile()
    {
        readOrWrite = Argument<string?>("read_or_write", "Specify 'R' to capture only read events; 'W' to capture only write events; 'RW' to capture read and write events. By default both read and write events are captured.", optional: true, typeName: "string");
        spyOnFileName = Argument<string?>("spy_on_file_name", "The name of the file which the chisel should spy on for all read and write activity.", optional: true, typeName: "string");
    }

    public override void Initialize()
    {
        data = Host.Text("evt.arg.data");
        fdName = Host.Text("fd.name");
        isWrite = Host.Bool("evt.is_io_write");
        pid = Host.Int64("proc.pid");
        procName = Host.Text("proc.name");
        res = Host.Int64("evt.rawarg.res");
        time = Host.Text("evt.time");
        Host.SetBufferFormat("ascii");
        var filter = !string.IsNullOrEmpty(spyOnFileName.Value)
            ? $"(fd.name={spyOnFileName.Value}) and "
            : "(not fd.name contains /dev/pt and not fd.name contains /dev/tty) and ";
        filter += readOrWrite.Value switch
        {
            "R" or "r" => "evt.is_io_read=true and ",
            "W" or "w" => "evt.is_io_write=true and ",
            _ => "evt.is_io=true and ",
        };
        Host.Filter = filter + "fd.type=file and evt.dir=< and evt.failed=false";
    }

    public override bool OnEvent(ChiselEvent e)
    {
        var o = Host.Out;
        o.Write(time.Required(this));
        o.Write(" "u8);
        o.Write(procName.Required(this));
        o.Write("("u8);
        o.Write(pid.TryGet(out long p) ? p : throw Missing("proc.pid"));
        o.Write(") "u8);
        o.Write(isWrite.GetOrDefault() ? "W "u8 : "R "u8);
        o.Write(NumberText.Bytes(res.TryGet(out long r) ? r : throw Missing("evt.rawarg.res")));
        o.Write(" "u8);
        o.Write(fdName.Required(this));
        o.Write(" "u8);
        o.WriteLine(data.Required(this));
        return true;
    }

    ChiselError Missing(string field) => new($"{Name} chisel error: {field} has no value");
}
