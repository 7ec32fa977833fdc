using Sharpdig.Decode;
using Sharpdig.Driver.Events;
using Sharpdig.Output;

namespace Sharpdig.Fields;

/// <summary>evt.* fields that take an argument: evt.arg, evt.rawarg, evt.around, evt.abspath, evt.type.is.</summary>
static class ArgumentFields
{
    public static void Register(Dictionary<string, FieldImplementation> d)
    {
        d.Add("evt.arg", ParseArg);
        d.Add("evt.rawarg", ParseRawArg);
        d.Add("evt.around", ParseAround);
        d.Add("evt.abspath", ParseAbsPath);
        d.Add("evt.type.is", ParseTypeIs);
    }

    /// <summary>evt.arg[N] or evt.arg.NAME (the longest parameter name of any event the text starts with).</summary>
    static Field ParseArg(FieldInfo info, FieldText t, out int consumed)
    {
        int n = t.NameLength;
        if (t.At(n) == '[')
        {
            int index = Arguments.ParseInt32(Arguments.Bracket(t, out consumed));
            return new ArgField(info, index, null);
        }
        var param = ParamName(t, out consumed);
        return new ArgField(info, -1, param.Name);
    }

    static Field ParseRawArg(FieldInfo info, FieldText t, out int consumed)
    {
        if (t.At(t.NameLength) == '[') throw new FieldException("evt.arg fields must be expressed explicitly");
        return new RawArgField(info, ParamName(t, out consumed));
    }

    /// <summary>The parameter named after "evt.arg." / "evt.rawarg.".</summary>
    static ParamInfo ParamName(FieldText t, out int consumed)
    {
        int n = t.NameLength;
        if (t.At(n) != '.') throw Arguments.SyntaxError(t);
        var name = t.From(n + 1);
        var param = ParamNames.LongestPrefixOf(name) ?? throw new FieldException($"unknown event argument {name}");
        consumed = n + 1 + param.Name.Length;
        return param;
    }

    static Field ParseAround(FieldInfo info, FieldText t, out int consumed)
    {
        switch (t.At(t.NameLength))
        {
            case '[':
                var text = Arguments.Bracket(t, out consumed);
                return new AroundField(info, unchecked((ulong)Arguments.ParseInteger(text)));
            case '.':
                throw new FieldException("wrong syntax for evt.around");
            default:
                throw Arguments.SyntaxError(t);
        }
    }

    static Field ParseAbsPath(FieldInfo info, FieldText t, out int consumed)
    {
        var rest = t.Rest;
        int which = rest.StartsWith("evt.abspath.src", StringComparison.Ordinal) ? 1
            : rest.StartsWith("evt.abspath.dst", StringComparison.Ordinal) ? 2 : 0;
        consumed = which == 0 ? t.NameLength : t.NameLength + 4;
        return new AbsPathField(info, which);
    }

    /// <summary>
    /// evt.type.is.NAME or .NUMBER: the rest of the text must be exactly an event name or number; otherwise
    /// sysdig takes no characters at all (in a format, the text after '%' then prints literally).
    /// </summary>
    static Field ParseTypeIs(FieldInfo info, FieldText t, out int consumed)
    {
        int n = t.NameLength;
        if (t.At(n) != '.') throw Arguments.SyntaxError(t);
        var name = t.From(n + 1);
        consumed = n + 1 + name.Length;
        if (Arguments.TryParseInteger(name, out long id)) return new TypeIsField(info, (int)(uint)id, -1);
        int match = Array.FindIndex(EventTable.Events, e => e.Name == name);
        if (match >= 0) return new TypeIsField(info, match, match + 1);
        consumed = 0;
        return new TypeIsField(info, -1, -1);
    }
}

/// <summary>evt.arg: a parameter as evt.args shows it, but only the resolved form when there is one.</summary>
sealed class ArgField(FieldInfo info, int index, string? name) : TextField(info)
{
    readonly ParamLookup? lookup = name == null ? null : new ParamLookup(name);
    ParamText? text;

    protected override bool Write(Event e, TextBuffer o)
    {
        int i = lookup?.Index(e) ?? index;
        if (i < 0 || i >= e.ParamCount) return false;
        var renderer = text ??= new ParamText(e.Inspector);
        renderer.Render(e, i, e.Inspector.BufferFormat);
        o.Append(renderer.Resolved.Length > 0 ? renderer.Resolved.Span : renderer.Value.Span);
        return true;
    }
}

/// <summary>evt.rawarg: a parameter's raw value, typed as the first event parameter of that name in the table.</summary>
sealed class RawArgField(FieldInfo info, ParamInfo param) : Field(info)
{
    readonly ParamLookup lookup = new(param.Name);

    public override ParamType Type => param.Type;

    ReadOnlySpan<byte> Raw(Event e, out bool found)
    {
        int i = lookup.Index(e);
        found = i >= 0;
        return found ? e.Param(i) : default;
    }

    public override bool TryGetInt(Event e, out long value)
    {
        var raw = Raw(e, out bool found);
        value = 0;
        if (!found) return false;
        int size = Type switch
        {
            ParamType.Int8 or ParamType.UInt8 or ParamType.L4Proto or ParamType.SigType or ParamType.Flags8 => 1,
            ParamType.Int16 or ParamType.UInt16 or ParamType.Port or ParamType.Flags16 => 2,
            ParamType.Int32 or ParamType.UInt32 or ParamType.Flags32 or ParamType.Uid or ParamType.Gid or ParamType.Mode
                or ParamType.Bool => 4,
            _ => 8,
        };
        ulong v = 0;
        for (int k = Math.Min(size, raw.Length) - 1; k >= 0; k--) v = (v << 8) | raw[k];
        bool signed = Type is ParamType.Int8 or ParamType.Int16 or ParamType.Int32;
        value = signed && size < 8 ? (long)(v << (64 - 8 * size)) >> (64 - 8 * size) : (long)v;
        return true;
    }

    public override bool TryGetBytes(Event e, out ReadOnlySpan<byte> value)
    {
        value = Raw(e, out bool found);
        if (Type is ParamType.CharBuf or ParamType.FsPath or ParamType.FsRelPath or ParamType.ByteBuf)
        {
            int nul = value.IndexOf((byte)0);
            if (nul >= 0) value = value[..nul];
        }
        return found;
    }

    public override bool TryGetString(Event e, out string value)
    {
        bool found = TryGetBytes(e, out var bytes);
        value = found ? System.Text.Encoding.UTF8.GetString(bytes) : "";
        return found;
    }
}

/// <summary>evt.around[T]: filter-only; matches events within the filter's value (in ms) of timestamp T.</summary>
public sealed class AroundField(FieldInfo info, ulong timestamp) : Field(info)
{
    /// <summary>The T of evt.around[T], in ns since the epoch.</summary>
    public ulong Timestamp { get; } = timestamp;
}

/// <summary>evt.abspath(.src/.dst): the absolute path a *at() syscall works on, from its directory fd and path.</summary>
sealed class AbsPathField(FieldInfo info, int which) : TextField(info)
{
    readonly ParamLookup oldDirFd = new("olddirfd"), oldPath = new("oldpath"), newDirFd = new("newdirfd"),
        newPath = new("newpath"), linkDirFd = new("linkdirfd"), linkPath = new("linkpath"), dirFd = new("dirfd"),
        name = new("name"), path = new("path"), oldDir = new("olddir"), newDir = new("newdir");

    protected override bool Write(Event e, TextBuffer o)
    {
        var t = e.Thread;
        if (t == null) return false;
        (ParamLookup Dir, ParamLookup Path)? args = e.Type switch
        {
            EventTypes.RenameAtX => which == 2 ? (newDirFd, newPath) : (oldDirFd, oldPath),
            EventTypes.SymlinkAtX => (linkDirFd, linkPath),
            EventTypes.OpenAtE or EventTypes.OpenAt2X => (dirFd, name),
            EventTypes.LinkAtE or EventTypes.LinkAt2X => which == 2 ? (newDir, newPath) : (oldDir, oldPath),
            EventTypes.UnlinkAtE or EventTypes.UnlinkAt2X => (dirFd, name),
            EventTypes.MkdirAtX => (dirFd, path),
            _ => null,
        };
        if (args is not var (dirParam, pathParam)) return false;
        int d = dirParam.Index(e), p = pathParam.Index(e);
        if (d < 0 || p < 0) return false;
        long dirfd = e.ParamInt64(d);
        var file = e.ParamString(p);
        string dir;
        if (!file.IsEmpty && file[0] == '/') dir = ".";
        else if (dirfd == -100) dir = t.Cwd;
        else dir = t.GetFd(dirfd) is { } fd ? fd.Name + "/" : "<UNKNOWN>/";
        o.Append(PathText.Join(dir, file));
        return true;
    }
}

/// <summary>evt.type.is.X: 1 for events of type X, else 0 (sysdig prints it as &lt;NA&gt;: it has no print format).</summary>
sealed class TypeIsField(FieldInfo info, int type, int otherType) : Field(info)
{
    public override bool TryGetInt(Event e, out long value)
    {
        value = e.Type == type || e.Type == otherType ? 1 : 0;
        return true;
    }
}
