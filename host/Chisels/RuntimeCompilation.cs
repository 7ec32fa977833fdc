using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Sharpdig.Chisels;

/// <summary>
/// Whether this process can load chisels compiled at run time (.csx scripts, plugin assemblies): on the
/// .NET runtime yes; in the native (AOT) sharpdig no, and the code that would is trimmed away there. Such
/// chisels then hand the run over to the runtime build (<see cref="RuntimeHandoverException"/>).
/// </summary>
/// <remarks>
/// Only the runtime build, which is not trimmed, reaches that code: so its reflection is marked safe for
/// trimming (UnconditionalSuppressMessage with this reason) and only its dynamic code is guarded here.
/// </remarks>
static class RuntimeCompilation
{
    public const string UntrimmedOnly = "Reached only when RuntimeCompilation.IsSupported: in the untrimmed runtime build";

    [FeatureGuard(typeof(RequiresDynamicCodeAttribute))]
    public static bool IsSupported => RuntimeFeature.IsDynamicCodeSupported;
}
