using Sharpdig.Decode;
using Sharpdig.Driver;
using Sharpdig.Driver.Events;

namespace Sharpdig.Filter;

/// <summary>What a filter tree is built into: the same and/or/not structure, over different values.</summary>
interface IFilterLogic<T>
{
    /// <summary>The value of an empty group (and of a first item sysdig skips): true.</summary>
    T Always { get; }
    T Check(FilterCheck c);
    T Not(T x);
    T And(T left, T right);
    T Or(T left, T right);
}

/// <summary>The filter as one predicate over events, short-circuiting as sysdig does.</summary>
sealed class PredicateLogic : IFilterLogic<Func<Event, bool>>
{
    public static readonly PredicateLogic Instance = new();

    public Func<Event, bool> Always { get; } = static _ => true;
    public Func<Event, bool> Check(FilterCheck c) => Checks.Compile(c);
    public Func<Event, bool> Not(Func<Event, bool> x) => e => !x(e);
    public Func<Event, bool> And(Func<Event, bool> left, Func<Event, bool> right) => e => left(e) && right(e);
    public Func<Event, bool> Or(Func<Event, bool> left, Func<Event, bool> right) => e => left(e) || right(e);
}

/// <summary>The filter's value for an event type, when the type alone settles it.</summary>
enum Verdict : byte { False, True, Depends }

/// <summary>
/// The filter as a table over event types: checks of fields every event of a type agrees on
/// (<see cref="Fields.Field.IsFixedFor"/>) are evaluated once, on an event of that type with no parameters;
/// the others depend on the event. Checks have no side effects, so and/or/not follow three-valued logic.
/// </summary>
sealed class TypeVerdictLogic : IFilterLogic<Verdict[]>
{
    readonly Event probe = new();
    readonly byte[] probeBytes = new byte[RawEvent.HeaderSize];

    public Verdict[] Always => Fill(Verdict.True);

    public static bool DecidesAny(Verdict[] verdicts) => Array.Exists(verdicts, v => v != Verdict.Depends);

    public Verdict[] Check(FilterCheck c)
    {
        var verdicts = Fill(Verdict.Depends);
        Func<Event, bool>? test = null;
        for (int type = 0; type < verdicts.Length; type++)
        {
            if (!c.Field.IsFixedFor((ushort)type)) continue;
            test ??= Checks.Compile(c);
            try
            {
                verdicts[type] = test(Probe((ushort)type)) ? Verdict.True : Verdict.False;
            }
            catch (FilterException)
            {
                // An operator the field's type cannot do fails when an event meets it, not now.
                return Fill(Verdict.Depends);
            }
        }
        return verdicts;
    }

    public Verdict[] Not(Verdict[] x) => Map(x, x, static (v, _) => v switch
    {
        Verdict.True => Verdict.False,
        Verdict.False => Verdict.True,
        _ => Verdict.Depends,
    });

    public Verdict[] And(Verdict[] left, Verdict[] right) => Map(left, right, static (l, r) =>
        l == Verdict.False || r == Verdict.False ? Verdict.False
        : l == Verdict.True && r == Verdict.True ? Verdict.True
        : Verdict.Depends);

    public Verdict[] Or(Verdict[] left, Verdict[] right) => Map(left, right, static (l, r) =>
        l == Verdict.True || r == Verdict.True ? Verdict.True
        : l == Verdict.False && r == Verdict.False ? Verdict.False
        : Verdict.Depends);

    static Verdict[] Fill(Verdict v)
    {
        var a = new Verdict[EventTable.Count];
        Array.Fill(a, v);
        return a;
    }

    static Verdict[] Map(Verdict[] left, Verdict[] right, Func<Verdict, Verdict, Verdict> f)
    {
        var a = new Verdict[left.Length];
        for (int i = 0; i < a.Length; i++) a[i] = f(left[i], right[i]);
        return a;
    }

    /// <summary>An event of <paramref name="type"/> with no parameters, for checks that read only the type.</summary>
    Event Probe(ushort type)
    {
        BitConverter.TryWriteBytes(probeBytes.AsSpan(20), type);
        probe.Load(new RawEvent(probeBytes, 0, probeBytes.Length, 0, false, 0), 0);
        return probe;
    }
}
