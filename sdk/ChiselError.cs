namespace Sharpdig.Sdk;

/// <summary>
/// A chisel cannot go on: bad arguments, a field it needs is missing, a failed precondition. sharpdig
/// prints the message on one line, runs the chisels' <see cref="Chisel.OnCaptureEnd"/> and exits with status 1.
/// </summary>
public class ChiselError(string message) : Exception(message);

/// <summary>The chisel ends the program with <see cref="Status"/>, keeping what it printed (as Lua's os.exit).</summary>
public sealed class ChiselExit(int status) : Exception($"chisel exited with status {status}")
{
    /// <summary>The exit status.</summary>
    public int Status { get; } = status;
}
