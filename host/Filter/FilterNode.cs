using Sharpdig.Fields;

namespace Sharpdig.Filter;

/// <summary>Comparison operators, as sysdig 0.29.3's filter compiler recognises them.</summary>
public enum CompareOp { Eq, Ne, Lt, Le, Gt, Ge, Contains, IContains, StartsWith, EndsWith, Glob, In, PMatch, Exists }

/// <summary>
/// How an item joins the ones before it in its group. sysdig keeps one "last boolean operator" while
/// scanning and ORs NOT into it, so the values are flags: Not, Or|Not, And|Not.
/// </summary>
[Flags]
public enum BoolOp { None = 0, Not = 1, Or = 2, And = 4 }

/// <summary>One element of a parsed filter.</summary>
public abstract record FilterNode(BoolOp Join);

/// <summary>A parenthesised sequence of items (the whole filter is one too).</summary>
public sealed record FilterGroup(BoolOp Join, List<FilterNode> Items) : FilterNode(Join);

/// <summary>field OP value(s); <see cref="Values"/> is empty for exists, one value for the relational operators.</summary>
public sealed record FilterCheck(BoolOp Join, Field Field, CompareOp Op, IReadOnlyList<FilterValue> Values) : FilterNode(Join);
