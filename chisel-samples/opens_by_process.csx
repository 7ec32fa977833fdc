// A C# script chisel: the files each process opened, counted. Run it with
//   sharpdig -r trace.scap -c chisel-samples/opens_by_process.csx [TOP]
// The first run compiles it (about a second); later runs load the cached assembly.

public sealed class OpensByProcess : Chisel
{
    readonly ChiselArgument<int> top;
    TextField process = null!, file = null!;
    Table table = null!;

    public OpensByProcess() =>
        top = Argument("top", "how many rows to show", optional: true, defaultValue: 10);

    public override string Name => "opens_by_process";
    public override string Category => "Samples";
    public override string ShortDescription => "Files opened, by process and file";

    public override void Initialize()
    {
        process = Host.Text("proc.name");
        file = Host.Text("fd.name");
        Host.Filter = "evt.type in (open, openat, openat2) and evt.dir=< and evt.failed=false";
        table = new Table([new("proc.name", "Process"), new("fd.name", "File")], new("evt.count", "Opens"), top: top.Value);
    }

    public override bool OnEvent(ChiselEvent e)
    {
        if (process.TryGet(out var p) && file.TryGet(out var f)) table.Key.Clear().Append(p).Append(f);
        else return true;
        table.Add(1);
        return true;
    }

    public override void OnCaptureEnd(ulong timestamp, ulong delta) => Host.Print(table, timestamp, delta);
}
