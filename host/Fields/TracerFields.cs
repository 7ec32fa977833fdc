namespace Sharpdig.Fields;

/// <summary>
/// span.* and evtin.*: sysdig tracers (spans written as "&gt;:id:tags:args:" to /dev/null). sysdig only
/// reports them for tracer events, which it does not produce when reading these captures, so every field
/// has no value; the argument syntaxes are read (and rejected) as sysdig does.
/// </summary>
static class TracerFields
{
    public static void Register(Dictionary<string, FieldImplementation> d)
    {
        foreach (var name in new[] { "span.tag", "span.arg", "span.enterarg", "span.duration.fortag", "span.count.fortag",
                     "span.childcount.fortag", "span.idtag" })
            d.Add(name, ParseSpanArgument);
        foreach (var scope in new[] { "", ".p", ".s", ".m" })
        {
            d.Add($"evtin.span{scope}.tag", ParseEvtinArgument);
            d.Add($"evtin.span{scope}.arg", ParseEvtinArgument);
        }
    }

    /// <summary>"[N]", or ".NAME" taking the whole rest of the text (not for span.tag and span.idtag).</summary>
    static Field ParseSpanArgument(FieldInfo info, FieldText t, out int consumed)
    {
        int n = t.NameLength;
        switch (t.At(n))
        {
            case '[':
                Arguments.ParseInt32(Arguments.Bracket(t, out consumed));
                break;
            case '.' when info.Name is "span.tag" or "span.idtag":
                throw new FieldException($"invalid syntax for {info.Name}");
            case '.':
                consumed = t.Text.Length - t.Start;
                break;
            default:
                throw Arguments.SyntaxError(t);
        }
        return new NoValueField(info);
    }

    /// <summary>"[N]", or ".NAME" where NAME is read as an event parameter name, as evt.arg does.</summary>
    static Field ParseEvtinArgument(FieldInfo info, FieldText t, out int consumed)
    {
        int n = t.NameLength;
        switch (t.At(n))
        {
            case '[':
                Arguments.ParseInt32(Arguments.Bracket(t, out consumed));
                break;
            case '.':
                var name = t.From(n + 1);
                var param = ParamNames.LongestPrefixOf(name) ?? throw new FieldException($"unknown event argument {name}");
                consumed = n + 1 + param.Name.Length;
                break;
            default:
                throw Arguments.SyntaxError(t);
        }
        return new NoValueField(info);
    }
}
