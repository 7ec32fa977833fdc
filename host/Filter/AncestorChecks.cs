using Sharpdig.Decode;
using Sharpdig.Fields;

namespace Sharpdig.Filter;

/// <summary>
/// proc.aname and proc.apid without an index: true when the check holds for any ancestor of the process
/// (parent, grandparent, ...), which sysdig allows in filters only. Each level is the indexed field.
/// </summary>
static class AncestorChecks
{
    /// <summary>Far beyond any real process tree; stops a looping parent chain.</summary>
    const int MaxDepth = 256;

    public static Func<Event, bool>? TryCompile(FilterCheck c)
    {
        if (c.Field.Name is not ("proc.aname" or "proc.apid") || c.Field.Text != c.Field.Name) return null;
        var levels = new List<(Field Field, Func<Event, bool> Check)>();
        return e =>
        {
            for (int depth = 1; depth <= MaxDepth; depth++)
            {
                if (levels.Count < depth)
                {
                    var field = FieldRegistry.Create($"{c.Field.Name}[{depth}]");
                    levels.Add((field, Checks.Compile(c with { Field = field })));
                }
                var (f, check) = levels[depth - 1];
                if (!f.HasValue(e)) return false;
                if (check(e)) return true;
            }
            return false;
        };
    }
}
