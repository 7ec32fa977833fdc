using Sharpdig.Decode;

namespace Sharpdig.Filter;

/// <summary>
/// Turns a filter string into one predicate, built once from delegates so that filtering an event
/// allocates nothing. Throws <see cref="FilterException"/> for a filter sysdig would refuse.
/// </summary>
public static class FilterCompiler
{
    public static Func<Event, bool> Compile(string text) => Group(FilterParser.Parse(text));

    /// <summary>
    /// sysdig evaluates a group left to right and stops at the first item that settles it: after a true
    /// item an "or" ends the group (true), after a false one an "and" ends it (false); otherwise the next
    /// item's value becomes the result. That is a right-nested chain, built here from the end. A first item
    /// joined by something else than nothing/not is skipped with the result left true, later items joined
    /// by nothing/not (e.g. "a not b") are ignored, exactly as sysdig's evaluator does.
    /// </summary>
    static Func<Event, bool> Group(FilterGroup g)
    {
        if (g.Items.Count == 0) return static _ => true;
        var first = g.Items[0];
        var head = first.Join switch
        {
            BoolOp.None => Node(first),
            BoolOp.Not => Not(Node(first)),
            _ => static _ => true,
        };
        var rest = g.Items.Skip(1).Where(i => (i.Join & (BoolOp.Or | BoolOp.And)) != 0).ToList();
        if (rest.Count == 0) return head;

        var chain = Value(rest[^1]);
        for (int i = rest.Count - 2; i >= 0; i--)
            chain = Join(Value(rest[i]), rest[i + 1].Join, chain);
        return Join(head, rest[0].Join, chain);
    }

    static Func<Event, bool> Join(Func<Event, bool> left, BoolOp join, Func<Event, bool> right) =>
        (join & BoolOp.Or) != 0 ? e => left(e) || right(e) : e => left(e) && right(e);

    static Func<Event, bool> Value(FilterNode n) => (n.Join & BoolOp.Not) != 0 ? Not(Node(n)) : Node(n);

    static Func<Event, bool> Not(Func<Event, bool> f) => e => !f(e);

    static Func<Event, bool> Node(FilterNode n) => n switch
    {
        FilterGroup g => Group(g),
        FilterCheck c => Checks.Compile(c),
        _ => throw new InvalidOperationException(n.GetType().Name),
    };
}
