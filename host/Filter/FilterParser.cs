using System.Text;
using Sharpdig.Driver.Events;
using Sharpdig.Fields;

namespace Sharpdig.Filter;

/// <summary>
/// Reads a filter the way sysdig 0.29.3's filter compiler scans it, so that the same strings are accepted,
/// rejected at the same position, and grouped the same way. It is a character-level state machine, not a
/// grammar with precedence: "and"/"or"/"not" are recognised by their first letter, the last boolean operator
/// seen is carried to the next check, and a group may not mix "and" with "or".
/// Fields are bound and operands parsed for the field's type as they are met, as in sysdig.
/// </summary>
public sealed class FilterParser
{
    readonly string s;
    int pos = -1;
    bool needExpression = true;
    BoolOp lastOp = BoolOp.None;
    Builder current;
    /// <summary>A ')' closed the whole filter: sysdig goes on scanning but crashes on the next thing it must store.</summary>
    bool overClosed;

    /// <summary>A group being filled; its parent is where a ')' returns to.</summary>
    sealed class Builder(Builder? parent, BoolOp join)
    {
        public readonly Builder? Parent = parent;
        public readonly FilterGroup Group = new(join, new List<FilterNode>());
    }

    FilterParser(string text)
    {
        s = text;
        current = new Builder(null, BoolOp.None);
    }

    /// <summary>Parses a whole filter; throws <see cref="FilterException"/> with sysdig's position.</summary>
    public static FilterGroup Parse(string text) => new FilterParser(text).Run();

    FilterGroup Run()
    {
        while (true)
        {
            char c = Next();
            switch (c)
            {
                case '\0':
                    if (current.Parent != null || needExpression || overClosed) throw Error("unexpected end of filter");
                    CheckUnambiguous(current.Group);
                    return current.Group;
                case '(':
                    if (!needExpression) throw Error($"unexpected '(' after {s[..pos]}");
                    if (overClosed) throw Error("unexpected ')'");
                    var group = new Builder(current, lastOp);
                    current.Group.Items.Add(group.Group);
                    current = group;
                    lastOp = BoolOp.None;
                    break;
                case ')':
                    if (overClosed) throw Error("unexpected ')'");
                    CheckUnambiguous(current.Group);
                    if (current.Parent == null) overClosed = true;
                    else current = current.Parent;
                    break;
                case 'o' when pos != 0 && !needExpression:
                    if (Next() != 'r') throw Error("syntax error in filter: expected 'or'");
                    lastOp = BoolOp.Or;
                    needExpression = true;
                    break;
                case 'a' when pos != 0 && !needExpression:
                    if (Next() != 'n' || Next() != 'd') throw Error("syntax error in filter: expected 'and'");
                    lastOp = BoolOp.And;
                    needExpression = true;
                    break;
                case 'n':
                    if (Next() != 'o' || Next() != 't') throw Error("syntax error in filter: expected 'not'");
                    lastOp |= BoolOp.Not;
                    needExpression = true;
                    break;
                default:
                    if (!needExpression) throw Error("syntax error in filter: expected 'and', 'or' or ')'");
                    ParseCheck();
                    needExpression = false;
                    break;
            }
        }
    }

    /// <summary>The next non-blank character, or NUL at the end.</summary>
    char Next()
    {
        while (true)
        {
            pos++;
            if (pos >= s.Length) return '\0';
            if (!IsBlank(s[pos])) return s[pos];
        }
    }

    char At(int i) => i >= 0 && i < s.Length ? s[i] : '\0';

    static bool IsBlank(char c) => c is ' ' or '\t' or '\n' or '\r';

    FilterException Error(string message) => new(message, pos);

    /// <summary>A group joins its items with one kind of operator: "a or b and c" needs brackets.</summary>
    void CheckUnambiguous(FilterGroup g)
    {
        if (g.Items.Count <= 2) return;
        var first = g.Items[1].Join & ~BoolOp.Not;
        for (int i = 2; i < g.Items.Count; i++)
            if ((g.Items[i].Join & ~BoolOp.Not) != first)
                throw Error("expression mixes 'and' and 'or' in an ambiguous way. Please use brackets.");
    }

    void ParseCheck()
    {
        int start = pos;
        string name = Encoding.UTF8.GetString(Operand(fieldName: true, inList: false));
        var field = Bind(name, start);
        var join = lastOp;
        var op = Operator();
        var type = FilterTypes.ValueType(field);
        var values = new List<FilterValue>();

        if (op is CompareOp.In or CompareOp.PMatch)
        {
            if (IsBlank(At(pos))) Next();
            if (At(pos) != '(') throw Error("expected '(' after 'in/intersects/pmatch' operand");
            pos++;
            bool strings = type == ParamType.CharBuf;
            if (!strings && op == CompareOp.PMatch) throw Error("pmatch requires all charbuf arguments");
            while (true)
            {
                values.Add(Value(field, type, Operand(fieldName: false, inList: true)));
                Next();
                if (At(pos) == ')') break;
                if (At(pos) != ',')
                    throw Error(strings ? "expected either ')' or ',' after a value inside the 'in/pmatch' clause"
                                        : "expected either ')' or ',' after a value inside the 'in' clause");
                pos++;
            }
            // sysdig expands a non-string 'in' into its own bracketed group, which resets the carried operator.
            if (!strings) lastOp = BoolOp.None;
        }
        else if (op == CompareOp.Exists)
        {
            pos--;   // let the main loop see the character right after "exists"
        }
        else
        {
            values.Add(Value(field, type, Operand(fieldName: false, inList: false)));
        }
        if (overClosed) throw Error("unexpected ')'");
        current.Group.Items.Add(new FilterCheck(join, field, op, values));
    }

    Field Bind(string name, int start)
    {
        Field? field;
        int consumed;
        try
        {
            field = FieldRegistry.Match(name, 0, out consumed, forFilter: true);
        }
        catch (FieldException e)
        {
            throw Error(e.Message);
        }
        if (field == null || consumed != name.Length || name.Length == 0)
            throw Error($"unrecognized field {name} at pos {start}");
        return field;
    }

    FilterValue Value(Field field, ParamType type, byte[] operand)
    {
        try
        {
            var value = FilterValue.Parse(operand, type);
            if (FilterTypes.IsEventType(field) && !FilterTypes.IsEventTypeName(value.Text))
                throw new FilterException($"unknown event type {value.Text}");
            return value;
        }
        catch (FilterException e) when (e.Position == null)
        {
            throw Error(e.Message);
        }
    }

    static readonly (string Text, CompareOp Op)[] Operators =
    [
        // Order matters: sysdig tries these prefixes in turn, so "intersects" reads as "in".
        ("=", CompareOp.Eq), ("!=", CompareOp.Ne), ("<=", CompareOp.Le), ("<", CompareOp.Lt), (">=", CompareOp.Ge),
        (">", CompareOp.Gt), ("contains", CompareOp.Contains), ("icontains", CompareOp.IContains),
        ("startswith", CompareOp.StartsWith), ("endswith", CompareOp.EndsWith), ("glob", CompareOp.Glob),
        ("in", CompareOp.In), ("pmatch", CompareOp.PMatch), ("exists", CompareOp.Exists),
    ];

    CompareOp Operator()
    {
        if (IsBlank(At(pos))) Next();
        foreach (var (text, op) in Operators)
        {
            if (pos >= 0 && pos + text.Length <= s.Length && string.CompareOrdinal(s, pos, text, 0, text.Length) == 0)
            {
                pos += text.Length;
                return op;
            }
        }
        throw Error($"unrecognized comparison operator after {s[..Math.Clamp(pos, 0, s.Length)].TrimEnd()}: expected =, !=, <, <=, >, >=, contains, icontains, startswith, endswith, glob, in, pmatch or exists");
    }

    /// <summary>
    /// A field name or a value, as bytes (escapes can produce any byte). Values may be quoted with ' or "
    /// (either closes), and take \\, \" and \xHH escapes; unquoted ones end at a blank or a bracket (and a
    /// comma inside a list). Field names end at a blank or one of ( ) ! = &lt; &gt;.
    /// </summary>
    byte[] Operand(bool fieldName, bool inList)
    {
        if (IsBlank(At(pos))) Next();
        bool quoted = false;
        if (pos < s.Length && At(pos) is '"' or '\'')
        {
            quoted = true;
            pos++;
        }
        var bytes = new List<byte>();
        int start = pos;
        var escape = Escape.None;
        int hexDigits = 0, hexValue = 0;
        while (pos < s.Length && escape != Escape.Error)
        {
            char c = s[pos];
            bool end = fieldName
                ? IsBlank(c) || c is '(' or ')' or '!' or '=' or '<' or '>'
                : (!quoted && (IsBlank(c) || c is '(' or ')' || (inList && c == ',')))
                  || (quoted && escape != Escape.Slash && c is '"' or '\'');
            if (end)
            {
                if (escape != Escape.None)
                {
                    escape = Escape.Error;
                    break;
                }
                if (c is '(' or ')' || (inList && c == ',')) pos--;
                return bytes.ToArray();
            }
            switch (escape)
            {
                case Escape.None when c == '\\' && !fieldName:
                    escape = Escape.Slash;
                    break;
                case Escape.None:
                    pos = Append(bytes, pos);
                    break;
                case Escape.Slash:
                    if (c is '\\' or '"') pos = Append(bytes, pos);
                    else if (c != 'x') { bytes.Add((byte)'\\'); pos = Append(bytes, pos); }
                    escape = c == 'x' ? Escape.Hex : Escape.None;
                    break;
                case Escape.Hex:
                    if (!char.IsAsciiHexDigit(c))
                    {
                        escape = Escape.Error;
                        break;
                    }
                    hexValue = hexValue * 16 + Convert.ToInt32(c.ToString(), 16);
                    if (++hexDigits == 2)
                    {
                        bytes.Add((byte)hexValue);
                        hexDigits = hexValue = 0;
                        escape = Escape.None;
                    }
                    break;
            }
            pos++;
        }
        if (escape == Escape.Error) throw Error($"unrecognized escape sequence at {s[Math.Min(start, s.Length)..Math.Min(pos, s.Length)]}");
        if (quoted) throw Error("unclosed quotes");
        return bytes.ToArray();
    }

    enum Escape { None, Slash, Hex, Error }

    /// <summary>Appends the UTF-8 of the character at <paramref name="at"/> (both halves of a surrogate pair); returns the index of its last char.</summary>
    int Append(List<byte> bytes, int at)
    {
        int length = char.IsHighSurrogate(s[at]) && at + 1 < s.Length && char.IsLowSurrogate(s[at + 1]) ? 2 : 1;
        Span<byte> utf8 = stackalloc byte[8];
        int n = Encoding.UTF8.GetBytes(s.AsSpan(at, length), utf8);
        for (int i = 0; i < n; i++) bytes.Add(utf8[i]);
        return at + length - 1;
    }
}
