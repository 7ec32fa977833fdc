namespace Sharpdig.Chisels;

/// <summary>
/// Thrown by the native sharpdig when the command line needs a chisel compiled at run time: the run starts
/// again, from its first word, in the .NET runtime build (see Cli/RuntimeHandover). Nothing has been
/// printed by then, since chisels load before any output is flushed.
/// </summary>
sealed class RuntimeHandoverException(string reason) : Exception(reason);
