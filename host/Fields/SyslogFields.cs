using Sharpdig.Decode;
using Sharpdig.Driver.Events;

namespace Sharpdig.Fields;

/// <summary>syslog.*: a message written to /dev/log, decoded from the write's "&lt;PRI&gt;message" buffer.</summary>
static class SyslogFields
{
    static readonly string[] Severities = ["emerg", "alert", "crit", "err", "warn", "notice", "info", "debug"];
    static readonly string[] Facilities =
    [
        "kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "clock", "authpriv", "ftp", "ntp",
        "logaudit", "logalert", "cron", "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7",
    ];

    /// <summary>
    /// Set once a syslog field is used: sysdig decodes /dev/log writes only then, and from then on also
    /// shows them in evt.info as "syslog sev=... msg=...".
    /// </summary>
    public static bool Decoding { get; private set; }

    public static void Register(Dictionary<string, FieldImplementation> d)
    {
        d.Add("syslog.facility.str", i => Decoder(new StringField(i, e => Priority(e) is { } p ? Name(Facilities, p >> 3) : null)));
        d.Add("syslog.facility", i => Decoder(new IntField(i, e => Priority(e) is { } p ? (uint)(p >> 3) : null)));
        d.Add("syslog.severity.str", i => Decoder(new StringField(i, e => Priority(e) is { } p ? Name(Severities, p & 7) : null)));
        d.Add("syslog.severity", i => Decoder(new IntField(i, e => Priority(e) is { } p ? p & 7 : null)));
        d.Add("syslog.message", i => Decoder(new WrittenField(i, (e, o) =>
        {
            var data = Message(e, out int digits);
            if (data.IsEmpty) return false;
            o.Append(data[(digits + 2)..]);
            return true;
        })));
    }

    static Field Decoder(Field f)
    {
        Decoding = true;
        return f;
    }

    /// <summary>evt.info's text for a decoded syslog write; false for other events.</summary>
    public static bool AppendInfo(Event e, Output.TextBuffer o)
    {
        if (!Decoding || Priority(e) is not { } p) return false;
        var data = Message(e, out int digits);
        o.Append("syslog sev="u8).Append(Name(Severities, p & 7)).Append(" msg="u8).Append(data[(digits + 2)..]);
        return true;
    }

    static string Name(string[] names, int i) => (uint)i < (uint)names.Length ? names[i] : "<NA>";

    static readonly ParamLookup DataParam = new("data");

    /// <summary>The written buffer of a successful write to /dev/log, and how many priority digits follow its '&lt;'.</summary>
    static ReadOnlySpan<byte> Message(Event e, out int digits)
    {
        digits = 0;
        if (e.IsEnter || (e.Info.Flags & EventFlags.WritesToFd) == 0 || e.Fd == null || !e.Fd.Name.Contains("/dev/log")
            || e.ParamInt64(0) < 0)
            return default;
        int index = DataParam.Index(e);
        if (index < 0) return default;
        var data = e.Param(index);
        while (1 + digits < data.Length && data[1 + digits] is not ((byte)'>' or 0) && digits < 15) digits++;
        if (digits == 0 || data.Length < digits + 2) return default;
        return data;
    }

    static int? Priority(Event e)
    {
        var data = Message(e, out int digits);
        if (data.IsEmpty) return null;
        int value = 0;
        foreach (byte b in data.Slice(1, digits))
        {
            if (b is < (byte)'0' or > (byte)'9') return null;
            value = value * 10 + (b - '0');
        }
        return value;
    }
}
