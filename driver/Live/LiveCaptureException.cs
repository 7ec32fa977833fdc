namespace Sharpdig.Driver.Live;

/// <summary>Live capture cannot start (not root, no BTF, no BPF, the program does not load); the message says why.</summary>
public sealed class LiveCaptureException(string message) : Exception(message);
