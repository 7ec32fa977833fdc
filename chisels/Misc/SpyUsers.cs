using Sharpdig.Sdk;

namespace Sharpdig.BuiltinChisels;

/// <summary>
/// spy_users: the commands users run from shells and the directories they visit, indented by how deep
/// below the login shell they are, with the shell's pid.
/// </summary>
/// <remarks>
/// Kept as sysdig's chisel behaves: each chdir shifts its table of ancestor fields by one (a side effect
/// of table.insert at index 0), so after the first chdir the ancestor walk starts one level higher, and
/// after the second it finds no shell for processes it has not met before.
/// </remarks>
sealed class SpyUsers : Chisel
{
    const int MaxAncestors = 16;
    public override string Name => "spy_users";
    public override string Category => "Security";
    public override string ShortDescription => "Display interactive user activity";
    public override string Description => "Lists every command that users launch interactively (e.g. from bash) and every directory users visit. This chisel is compatible with containers using the sysdig -pc or -pcontainer argument, otherwise no container information will be shown. (Blue represents a process running within a container, and Green represents a host process)";
    readonly ChiselArgument<double> maxDepth;
    readonly ChiselArgument<string?> disableColor;
    readonly Terminal terminal = new();
    readonly Dictionary<long, (double Depth, long ShellPid)> tree = new();
    TextField type = null!, exe = null!, args = null!, path = null!, user = null!, time = null!, containerName = null!, containerId = null!;
    Int64Field pid = null!, ppid = null!;
    readonly TextField[] ancestorNames = new TextField[MaxAncestors + 1];
    readonly Int64Field[] ancestorPids = new Int64Field[MaxAncestors + 1];
    int shift;
    bool printContainer;

    public SpyUsers()
    {
        maxDepth = Argument("max_depth", "the maximum depth to show in the hierarchy of processes", optional: true, defaultValue: -1.0,
            typeName: "int", parse: NumericInput);
        disableColor = Argument<string?>("disable_color", "Set to 'disable_colors' if you want to disable color output", optional: true, typeName: "string");
    }

    double NumericInput(string text)
    {
        if (LuaValues.ToNumber(text) is { } value) return value;
        Host.Out.WriteLine("Input max_depth must be a number.");
        throw new ChiselExit(0);
    }

    public override void Initialize()
    {
        if (disableColor.Value == "disable_color") terminal.DisableColors();
        type = Host.Text("evt.type");
        exe = Host.Text("proc.exe");
        args = Host.Text("proc.args");
        path = Host.Text("evt.arg.path");
        user = Host.Text("user.name");
        time = Host.Text("evt.time.s");
        pid = Host.Int64("proc.pid");
        ppid = Host.Int64("proc.ppid");
        containerName = Host.Text("container.name");
        containerId = Host.Text("container.id");
        printContainer = Host.PrintContainer;
        Host.Filter = "((evt.type=execve and evt.dir=<) or (evt.type=chdir and evt.dir=< and proc.name contains sh and not proc.name contains sshd)) and evt.failed=false";
        for (int j = 0; j <= MaxAncestors; j++)
        {
            ancestorNames[j] = Host.Text($"proc.aname[{j}]");
            ancestorPids[j] = Host.Int64($"proc.apid[{j}]");
        }
    }

    public override bool OnEvent(ChiselEvent e)
    {
        string color = printContainer ? terminal.Green : "";
        long self = pid.GetOrDefault(), parent = ppid.GetOrDefault();
        bool isChdir = type.ValueEquals("chdir"u8);
        int correction = 1;
        if (isChdir)
        {
            parent = self;
            shift++;
            correction = 0;
        }
        if (!tree.ContainsKey(parent)) FindShell(parent);
        var (parentDepth, shell) = tree[parent];
        if (parentDepth == -1) return true;
        if (!tree.TryGetValue(self, out var node)) tree[self] = node = (1 + parentDepth, shell);
        double depth = node.Depth - correction;
        if (maxDepth.Value != -1 && depth > maxDepth.Value) return true;
        if (printContainer && !containerName.ValueEquals("host"u8)) color = terminal.Blue;
        var o = Host.Out;
        o.Write(color);
        o.WriteSpaces((int)((isChdir || printContainer ? 4 : 3) * depth));
        o.Write(node.ShellPid);
        o.Write(" "u8);
        o.Write(time.Required(this));
        o.Write(" "u8);
        o.Write(user.TryGet(out var name) ? name : "<NA>"u8);
        if (printContainer)
        {
            o.Write("@"u8);
            o.Write(containerName.Required(this));
        }
        if (isChdir)
        {
            o.Write(") cd "u8);
            o.WriteLine(path.Required(this));
        }
        else
        {
            o.Write(") "u8);
            o.Write(exe.Required(this));
            o.Write(" "u8);
            o.WriteLine(args.Required(this));
        }
        return true;
    }

    /// <summary>
    /// Records where <paramref name="parent"/> sits below a shell: walking up its ancestors, the last one
    /// whose name ends in "sh" (its depth known if that shell was seen before); (-1, 0) when there is none.
    /// </summary>
    void FindShell(long parent)
    {
        tree[parent] = (-1, 0);
        for (int j = 1; j <= MaxAncestors; j++)
        {
            // The shifted table: entry j holds ancestor j - shift, or nothing.
            int k = j - shift;
            if (k < 0) break;
            if (!ancestorNames[k].TryGet(out var aname))
            {
                if (!ancestorPids[k].TryGet(out _)) break;
                continue;
            }
            if (aname.Length >= 2 && aname[^2..].SequenceEqual("sh"u8))
            {
                long shellPid = ancestorPids[k].GetOrDefault();
                tree[parent] = tree.ContainsKey(shellPid) ? (j - 1, shellPid) : (0, shellPid);
            }
        }
    }

    public override void OnCaptureEnd(ulong timestamp, ulong delta) => Host.Out.WriteLine(terminal.Reset);
}
