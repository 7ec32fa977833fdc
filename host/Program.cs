using Sharpdig.Cli;

namespace Sharpdig;

public static class Program
{
    public static int Main(string[] args) => Runner.Run(args);
}
