namespace Sharpdig.Driver;

/// <summary>Damaged or unreadable input, with the byte offset where the damage was found.</summary>
public sealed class CaptureFormatException(string source, long offset, string problem)
    : Exception($"{source}: {problem} at byte offset {offset}")
{
    public string InputName { get; } = source;
    public long Offset { get; } = offset;
    public string Problem { get; } = problem;
}
