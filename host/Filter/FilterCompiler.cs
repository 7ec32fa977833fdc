using Sharpdig.Decode;

namespace Sharpdig.Filter;

/// <summary>
/// Turns a filter string into one predicate, built once from delegates so that filtering an event
/// allocates nothing. Throws <see cref="FilterException"/> for a filter sysdig would refuse.
/// </summary>
public static class FilterCompiler
{
    public static Func<Event, bool> Compile(string text)
    {
        var tree = FilterParser.Parse(text);
        var byType = Group(tree, new ResidualLogic());
        // Nothing settled by type: every type has the same test, the whole filter.
        if (!ResidualLogic.DecidesAny(byType)) return byType[0].Test!;
        return e =>
        {
            var residual = byType[e.Type];
            return residual.Verdict == Verdict.Depends ? residual.Test!(e) : residual.Verdict == Verdict.True;
        };
    }

    /// <summary>
    /// sysdig evaluates a group left to right and stops at the first item that settles it: after a true
    /// item an "or" ends the group (true), after a false one an "and" ends it (false); otherwise the next
    /// item's value becomes the result. That is a right-nested chain, built here from the end. A first item
    /// joined by something else than nothing/not is skipped with the result left true, later items joined
    /// by nothing/not (e.g. "a not b") are ignored, exactly as sysdig's evaluator does.
    /// </summary>
    static Residual[] Group(FilterGroup g, ResidualLogic logic)
    {
        if (g.Items.Count == 0) return logic.Always;
        var first = g.Items[0];
        var head = first.Join switch
        {
            BoolOp.None => Node(first, logic),
            BoolOp.Not => logic.Not(Node(first, logic)),
            _ => logic.Always,
        };
        var rest = g.Items.Skip(1).Where(i => (i.Join & (BoolOp.Or | BoolOp.And)) != 0).ToList();
        if (rest.Count == 0) return head;

        var chain = Value(rest[^1], logic);
        for (int i = rest.Count - 2; i >= 0; i--)
            chain = Join(Value(rest[i], logic), rest[i + 1].Join, chain, logic);
        return Join(head, rest[0].Join, chain, logic);
    }

    static Residual[] Join(Residual[] left, BoolOp join, Residual[] right, ResidualLogic logic) =>
        (join & BoolOp.Or) != 0 ? logic.Or(left, right) : logic.And(left, right);

    static Residual[] Value(FilterNode n, ResidualLogic logic) =>
        (n.Join & BoolOp.Not) != 0 ? logic.Not(Node(n, logic)) : Node(n, logic);

    static Residual[] Node(FilterNode n, ResidualLogic logic) => n switch
    {
        FilterGroup g => Group(g, logic),
        FilterCheck c => logic.Check(c),
        _ => throw new InvalidOperationException(n.GetType().Name),
    };
}
