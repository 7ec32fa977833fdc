using System.Text;
using Sharpdig.Sdk;

namespace Sharpdig.BuiltinChisels;

/// <summary>An HTTP request and its response, as sysdig's http.lua pairs them on one process's fd.</summary>
sealed record HttpTransaction(string Method, string Url, string Direction, string? Container, double RequestTs)
{
    public int Code;
    public double Length;
    public double ResponseTs;
}

/// <summary>
/// sysdig's http.lua: a buffer that starts like a request opens a transaction on its process and fd; the
/// next buffer there that holds a status line closes it. Buffers are matched as rendered (non-printable
/// bytes as '.', so a CRLF reads "..").
/// </summary>
sealed class HttpParser
{
    readonly Chisel chisel;
    readonly Dictionary<(long Pid, long Fd), HttpTransaction> open = new();
    readonly TextField buffer, direction, container;
    readonly Int64Field fd, pid;
    readonly UInt64Field rawTime;

    public HttpParser(Chisel chisel)
    {
        this.chisel = chisel;
        var host = chisel.Host;
        host.Filter = "evt.is_io = true and evt.buflen > 0 and (fd.sockfamily = ip or fd.sockfamily = unix)";
        buffer = host.Text("evt.buffer");
        fd = host.Int64("fd.num");
        pid = host.Int64("proc.pid");
        rawTime = host.UInt64("evt.rawtime");
        DateTime = host.Text("evt.datetime");
        direction = host.Text("evt.io_dir");
        container = host.Text("container.name");
    }

    /// <summary>evt.datetime of the current event.</summary>
    public TextField DateTime { get; }

    /// <summary>Reads the current event; returns the transaction it completes, if any.</summary>
    public HttpTransaction? Parse()
    {
        var key = (pid.TryGet(out long p) ? p : throw Nil(), fd.TryGet(out long f) ? f : throw Nil());
        double ts = rawTime.TryGet(out ulong t) ? t : throw Nil();
        var data = buffer.Required(chisel);
        if (!open.TryGetValue(key, out var transaction))
        {
            if (Request(data) is not var (method, url)) return null;
            var dir = direction.ValueEquals("read"u8) ? "<" : direction.ValueEquals("write"u8) ? ">" : "<NA>";
            open[key] = new HttpTransaction(method, url, dir, container.GetString(), ts);
            return null;
        }
        if (Response(data) is not var (code, length)) return null;
        transaction.Code = code;
        transaction.Length = length;
        transaction.ResponseTs = ts;
        open.Remove(key);
        return transaction;
    }

    ChiselError Nil() => new($"{chisel.Name} chisel error: bad argument to 'format' (number expected, got nil)");

    /// <summary>"^(%u+) (%g+)", and the URL prefixed with "Host: (%g+)%.%." when there is one.</summary>
    static (string Method, string Url)? Request(ReadOnlySpan<byte> b)
    {
        int i = 0;
        while (i < b.Length && b[i] is >= (byte)'A' and <= (byte)'Z') i++;
        if (i == 0 || i >= b.Length || b[i] != ' ') return null;
        int urlStart = i + 1, urlEnd = urlStart;
        while (urlEnd < b.Length && IsGraph(b[urlEnd])) urlEnd++;
        if (urlEnd == urlStart) return null;
        var url = Encoding.UTF8.GetString(b[urlStart..urlEnd]);
        if (HostHeader(b) is { } host) url = host + url;
        return (Encoding.UTF8.GetString(b[..i]), url);
    }

    static string? HostHeader(ReadOnlySpan<byte> b)
    {
        ReadOnlySpan<byte> prefix = "Host: "u8;
        for (int at = 0; (at = IndexOf(b, prefix, at)) >= 0; at++)
        {
            int start = at + prefix.Length, end = start;
            while (end < b.Length && IsGraph(b[end])) end++;
            // The greedy run backs off to the last ".." that leaves it non-empty.
            for (int dots = end - 2; dots > start; dots--)
                if (b[dots] == '.' && b[dots + 1] == '.')
                    return Encoding.UTF8.GetString(b[start..dots]);
        }
        return null;
    }

    /// <summary>"HTTP/[%g]+ (%d+)" for the code, "Content%-Length: (%d+)%.%." for the length (0 without).</summary>
    static (int Code, double Length)? Response(ReadOnlySpan<byte> b)
    {
        double? code = null;
        for (int at = 0; code == null && (at = IndexOf(b, "HTTP/"u8, at)) >= 0; at++)
        {
            int end = at + 5;
            while (end < b.Length && IsGraph(b[end])) end++;
            if (end == at + 5 || end + 1 >= b.Length || b[end] != ' ' || !IsDigit(b[end + 1])) continue;
            code = Digits(b[(end + 1)..], out _);
        }
        if (code == null) return null;
        double length = 0;
        ReadOnlySpan<byte> header = "Content-Length: "u8;
        for (int at = 0; (at = IndexOf(b, header, at)) >= 0; at++)
        {
            var rest = b[(at + header.Length)..];
            double n = Digits(rest, out int count);
            if (count > 0 && count + 1 < rest.Length && rest[count] == '.' && rest[count + 1] == '.')
            {
                length = n;
                break;
            }
        }
        return ((int)code, length);
    }

    static double Digits(ReadOnlySpan<byte> b, out int count)
    {
        double n = 0;
        for (count = 0; count < b.Length && IsDigit(b[count]); count++) n = n * 10 + (b[count] - '0');
        return n;
    }

    static int IndexOf(ReadOnlySpan<byte> b, ReadOnlySpan<byte> what, int from)
    {
        if (from > b.Length) return -1;
        int i = b[from..].IndexOf(what);
        return i < 0 ? -1 : from + i;
    }

    static bool IsGraph(byte c) => c is > 0x20 and < 0x7f;

    static bool IsDigit(byte c) => c is >= (byte)'0' and <= (byte)'9';
}

/// <summary>httplog: one line per HTTP transaction.</summary>
sealed class HttpLog : Chisel
{
    public override string Name => "httplog";
    public override string Category => "Application";
    public override string ShortDescription => "HTTP requests log";
    public override string Description => "Show a log of all HTTP requests";
    HttpParser parser = null!;
    bool printContainer;

    public override void Initialize()
    {
        parser = new HttpParser(this);
        printContainer = Host.PrintContainer;
    }

    public override bool OnEvent(ChiselEvent e)
    {
        if (parser.Parse() is not { } t) return true;
        var o = Host.Out;
        o.Write(parser.DateTime.Required(this));
        o.Write(printContainer ? " " + (t.Container ?? throw new ChiselError($"{Name} chisel error: attempt to concatenate a nil value")) + " " : " ");
        o.WriteLine($"{t.Direction} method={t.Method} url={t.Url} response_code={t.Code} latency={NumberText.Integer((t.ResponseTs - t.RequestTs) / 1e6)}ms size={NumberText.Integer(t.Length)}B");
        return true;
    }
}

/// <summary>httptop: HTTP requests by method and URL, by number of calls, average time or bytes.</summary>
sealed class HttpTop : Chisel
{
    public override string Name => "httptop";
    public override string Category => "Application";
    public override string ShortDescription => "Top HTTP requests";
    public override string Description => "Show top HTTP requests by: ncalls, time or bytes";
    readonly ChiselArgument<string> by;
    readonly Dictionary<string, List<HttpTransaction>> byKey = new();
    HttpParser parser = null!;
    bool printContainer;

    public HttpTop()
    {
        by = Argument("by", "Show top HTTP transactions by: ncalls, time or bytes, default is ncalls", optional: true, defaultValue: "ncalls",
            typeName: "string", parse: ParseBy);
    }

    string ParseBy(string value)
    {
        if (value is "time" or "ncalls" or "bytes") return value;
        Host.Out.WriteLine("Invalid argument! Valid options: ncalls, bytes, time");
        throw new ChiselError($"set_arg() for chisel {Name} failed.");
    }

    public override void Initialize()
    {
        parser = new HttpParser(this);
        printContainer = Host.PrintContainer;
    }

    public override void OnCaptureStart()
    {
        if (!Host.IsLive) return;
        Host.IntervalNs = 1_000_000_000;
        if (!Host.IsJson) Host.Out.Write(Terminal.ClearScreen + Terminal.HideCursor);
    }

    public override bool OnEvent(ChiselEvent e)
    {
        if (parser.Parse() is not { } t) return true;
        var key = (printContainer ? t.Container + "\u0001\u0001" : "") + t.Method + "\u0001\u0001" + t.Url;
        if (!byKey.TryGetValue(key, out var list)) byKey[key] = list = new();
        list.Add(t);
        return true;
    }

    Table Aggregate()
    {
        var keys = printContainer
            ? new TableColumn[] { new("container", "container"), new("method", "method"), new("url", "url") }
            : [new("method", "method"), new("url", "url")];
        var units = by.Value switch { "time" => Units.Time, "bytes" => Units.Bytes, _ => Units.None };
        var table = new Table(keys, new TableColumn(by.Value, by.Value), units, top: 30);
        foreach (var (key, list) in byKey)
        {
            double value = by.Value switch
            {
                "bytes" => list.Sum(t => t.Length),
                "time" => list.Sum(t => t.ResponseTs - t.RequestTs) / list.Count,
                _ => list.Count,
            };
            table.Set(System.Text.Encoding.UTF8.GetBytes(key), value);
        }
        return table;
    }

    public override void OnInterval(ulong timestamp, ulong delta)
    {
        if (!Host.IsJson) Host.Out.Write(Terminal.ClearScreen + Terminal.Home);
        Host.Print(Aggregate(), timestamp, delta);
        byKey.Clear();
    }

    public override void OnCaptureEnd(ulong timestamp, ulong delta)
    {
        if (Host.IsLive && !Host.IsJson)
        {
            Host.Out.Write(Terminal.ClearScreen + Terminal.Home + Terminal.ShowCursor);
            return;
        }
        Host.Print(Aggregate(), timestamp, delta);
    }
}
