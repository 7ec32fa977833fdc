namespace Sharpdig.State;

/// <summary>
/// Remembers the last few byte strings parsed and what they parsed to, so that values events repeat
/// (every clone of a process carries the same command line and cgroups) are parsed and allocated once.
/// Results are shared, so they must not be changed by those who get them.
/// </summary>
sealed class ParsedCache<T>(Func<ReadOnlySpan<byte>, T> parse) where T : class
{
    const int Size = 16;
    readonly byte[]?[] keys = new byte[]?[Size];
    readonly T?[] values = new T?[Size];
    int next;

    public T Get(ReadOnlySpan<byte> raw)
    {
        for (int i = 0; i < Size; i++)
            if (keys[i] is { } key && raw.SequenceEqual(key)) return values[i]!;
        var value = parse(raw);
        keys[next] = raw.ToArray();
        values[next] = value;
        next = (next + 1) % Size;
        return value;
    }
}
