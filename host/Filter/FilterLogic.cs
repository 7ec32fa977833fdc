using Sharpdig.Decode;
using Sharpdig.Driver;
using Sharpdig.Driver.Events;

namespace Sharpdig.Filter;

/// <summary>The filter's value for an event type, when the type alone settles it.</summary>
enum Verdict : byte { False, True, Depends }

/// <summary>What is left of the filter for one event type: its value when the type settles it, else the test to run.</summary>
readonly record struct Residual(Verdict Verdict, Func<Event, bool>? Test);

/// <summary>
/// The filter specialized per event type: checks of fields every event of a type agrees on
/// (<see cref="Fields.Field.IsFixedFor"/>) are evaluated once, on an event of that type with no parameters,
/// and folded away, so an event runs only the checks its type leaves open (for evt.is_io=true and
/// evt.dir=&lt; and evt.rawres&gt;0, a read's exit tests only the result). Checks have no side effects,
/// so and/or/not fold in three-valued logic. Types with the same residual share one delegate.
/// </summary>
sealed class ResidualLogic
{
    readonly Event probe = new();
    readonly byte[] probeBytes = new byte[RawEvent.HeaderSize];
    readonly Dictionary<(Func<Event, bool>, Func<Event, bool>?, bool), Func<Event, bool>> joined = new();

    public Residual[] Always => Fill(new Residual(Verdict.True, null));

    public static bool DecidesAny(Residual[] residuals) => Array.Exists(residuals, r => r.Verdict != Verdict.Depends);

    public Residual[] Check(FilterCheck c)
    {
        var test = Checks.Compile(c);
        var residuals = Fill(new Residual(Verdict.Depends, test));
        for (int type = 0; type < residuals.Length; type++)
        {
            if (!c.Field.IsFixedFor((ushort)type)) continue;
            try
            {
                residuals[type] = new Residual(test(Probe((ushort)type)) ? Verdict.True : Verdict.False, null);
            }
            catch (FilterException)
            {
                // An operator the field's type cannot do fails when an event meets it, not now.
                return Fill(new Residual(Verdict.Depends, test));
            }
        }
        return residuals;
    }

    public Residual[] Not(Residual[] x) => Map(x, x, (v, _) => v.Verdict switch
    {
        Verdict.True => new Residual(Verdict.False, null),
        Verdict.False => new Residual(Verdict.True, null),
        _ => new Residual(Verdict.Depends, Join(v.Test!, null, false)),
    });

    public Residual[] And(Residual[] left, Residual[] right) => Map(left, right, (l, r) =>
        l.Verdict == Verdict.False || r.Verdict == Verdict.False ? new Residual(Verdict.False, null)
        : l.Verdict == Verdict.True ? r
        : r.Verdict == Verdict.True ? l
        : new Residual(Verdict.Depends, Join(l.Test!, r.Test, true)));

    public Residual[] Or(Residual[] left, Residual[] right) => Map(left, right, (l, r) =>
        l.Verdict == Verdict.True || r.Verdict == Verdict.True ? new Residual(Verdict.True, null)
        : l.Verdict == Verdict.False ? r
        : r.Verdict == Verdict.False ? l
        : new Residual(Verdict.Depends, Join(l.Test!, r.Test, false)));

    /// <summary>left and right, left or right, or (without right) not left: one delegate per distinct pair.</summary>
    Func<Event, bool> Join(Func<Event, bool> left, Func<Event, bool>? right, bool and)
    {
        if (joined.TryGetValue((left, right, and), out var f)) return f;
        f = right == null ? e => !left(e) : and ? e => left(e) && right(e) : e => left(e) || right(e);
        joined[(left, right, and)] = f;
        return f;
    }

    static Residual[] Fill(Residual r)
    {
        var a = new Residual[EventTable.Count];
        Array.Fill(a, r);
        return a;
    }

    static Residual[] Map(Residual[] left, Residual[] right, Func<Residual, Residual, Residual> f)
    {
        var a = new Residual[left.Length];
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
