namespace Sharpdig.Driver.Live;

/// <summary>How the live driver captures.</summary>
public sealed class LiveSettings
{
    public const int DefaultSnaplen = 80;

    /// <summary>I/O buffers are cut to this many bytes in the kernel (-s).</summary>
    public int Snaplen { get; init; } = DefaultSnaplen;
    /// <summary>Users and groups are read at start (not with -E), and so written with -w.</summary>
    public bool ImportUsers { get; init; } = true;
}

/// <summary>What the driver counted: events it produced, and events lost because a ring was full.</summary>
public readonly record struct LiveStatistics(ulong Events, ulong Drops);
