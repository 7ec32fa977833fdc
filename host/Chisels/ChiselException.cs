namespace Sharpdig.Chisels;

/// <summary>A chisel that cannot load or run; the message is sysdig's, shown on its own line.</summary>
public class ChiselException(string message) : Exception(message);

/// <summary>A chisel ended the program (Lua's os.exit): what it printed is kept, the status is its.</summary>
public sealed class ChiselExitException(int code) : Exception($"chisel exited with status {code}")
{
    public int Code { get; } = code;
}
