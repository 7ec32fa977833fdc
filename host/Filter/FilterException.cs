namespace Sharpdig.Filter;

/// <summary>
/// A filter that cannot be compiled (<see cref="Position"/> is where scanning stopped, as sysdig reports it),
/// or a comparison that fails while events are filtered (no position: sysdig only finds out at run time).
/// </summary>
public sealed class FilterException(string message, int? position = null) : Exception(message)
{
    public int? Position { get; } = position;

    /// <summary>The one line printed for it.</summary>
    public string Describe() => Position is { } p ? $"filter error at position {p}: {Message}" : $"filter error: {Message}";
}
