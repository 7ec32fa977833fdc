using Sharpdig.Driver.Snapshot;

namespace Sharpdig.Driver.Live;

public sealed class LiveEventSource : IEventSource
{
    public string Name => "live";
    public SystemSnapshot Snapshot { get; } = new();
    public (long Read, long Total) Progress => (0, 0);
    public LiveStatistics Statistics => default;
    public static LiveEventSource Open(LiveSettings settings) => throw new LiveCaptureException("not yet");
    public bool TryNext(out RawEvent evt) { evt = default; return false; }
    public void Stop() { }
    public void Dispose() { }
}
