using Sharpdig.Cli;

namespace Sharpdig;

public static class Program
{
    public static int Main(string[] args)
    {
        var command = CommandLine.Build(Runner.Run);
        return command.Parse(CommandLine.Normalize(args).ToArray()).Invoke();
    }
}
