namespace Sharpdig.Chisels;

/// <summary>
/// What a chisel says about itself: -cl and -i show it, and sysdig's argument rules (how many words
/// the command line gives it) follow its arguments. Views (csysdig's v_* scripts) are listed nowhere.
/// <see cref="Origin"/> says where a plugin's chisel came from (package, version, file); -cl and -i show it.
/// </summary>
public sealed record ChiselInfo(string Name, string Category, string ShortDescription, string Description,
    IReadOnlyList<ChiselArgument> Arguments, bool IsView = false, string? Origin = null)
{
    public int RequiredCount => Arguments.Count(a => !a.Optional);
    public int OptionalCount => Arguments.Count(a => a.Optional);
}

/// <summary>One declared argument: its name (as on_set_arg receives it), type label and description.</summary>
public sealed record ChiselArgument(string Name, string Type, string Description, bool Optional);
