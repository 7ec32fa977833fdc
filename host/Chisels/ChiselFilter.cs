using Sharpdig.Decode;
using Sharpdig.Fields;
using Sharpdig.Filter;

namespace Sharpdig.Chisels;

/// <summary>Filter text from chisels (chisel.set_filter, sysdig.set_filter, get_thread_table, argument checks).</summary>
static class ChiselFilter
{
    /// <summary>Compiles <paramref name="text"/>; a filter the language rejects is a chisel error starting with <paramref name="errorPrefix"/>.</summary>
    internal static Func<Event, bool> Compile(string text, string errorPrefix)
    {
        try
        {
            return FilterCompiler.Compile(text);
        }
        catch (FilterException e)
        {
            throw new ChiselException(errorPrefix + e.Describe());
        }
    }

    /// <summary>
    /// Compiles a filter of the thread table (get_thread_table): as in sysdig, it may only use fields of
    /// threads, fds, users, groups, containers and orchestrators, and the event's time.
    /// </summary>
    internal static Func<Event, bool> CompileForThreadTable(string text, string errorPrefix)
    {
        try
        {
            if (!UsesOnlyThreadTableFields(FilterParser.Parse(text)))
                throw new ChiselException(errorPrefix + "filter error: the given filter is not supported for thread table filtering");
        }
        catch (FilterException e)
        {
            throw new ChiselException(errorPrefix + e.Describe());
        }
        return Compile(text, errorPrefix);
    }

    static readonly HashSet<string> ThreadTableFields = FieldRegistry.Classes
        .Where(c => c.Title is "process" or "user" or "group" or "container" or "fd" or "k8s" or "mesos")
        .SelectMany(c => c.Fields).Select(f => f.Info.Name)
        .Concat(["evt.rawtime", "evt.rawtime.s", "evt.rawtime.ns", "evt.time", "evt.time.s", "evt.datetime", "evt.reltime"])
        .ToHashSet(StringComparer.Ordinal);

    static bool UsesOnlyThreadTableFields(FilterNode node) => node switch
    {
        FilterGroup group => group.Items.All(UsesOnlyThreadTableFields),
        FilterCheck check => ThreadTableFields.Contains(check.Field.Info.Name),
        _ => true,
    };

    internal static bool IsValid(string text)
    {
        try
        {
            FilterCompiler.Compile(text);
            return true;
        }
        catch (FilterException)
        {
            return false;
        }
    }
}
