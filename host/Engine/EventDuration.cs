using Sharpdig.Decode;

namespace Sharpdig.Engine;

/// <summary>
/// -M in event time, as sysdig counts it reading a file: from the first event that passed the filter (internal
/// ones too, shown or not) to the first one at least the limit later, which is not processed. 0: no limit.
/// </summary>
public struct EventDuration(ulong limitNs)
{
    ulong start;

    /// <summary>Whether <paramref name="e"/>, an event that passed the filter, is past the limit.</summary>
    public bool Ends(Event e)
    {
        if (start == 0)
        {
            start = e.Timestamp;
            return false;
        }
        return limitNs > 0 && e.Timestamp - start >= limitNs;
    }
}
