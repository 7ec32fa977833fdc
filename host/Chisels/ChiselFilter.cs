using Sharpdig.Decode;
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
