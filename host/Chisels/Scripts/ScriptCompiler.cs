using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Emit;
using Microsoft.CodeAnalysis.Scripting;

namespace Sharpdig.Chisels.Scripts;

/// <summary>
/// Roslyn's C# scripting, used only here so that its assemblies load only when a script must be
/// compiled. Scripts see the SDK and the usual framework namespaces imported; errors come out as
/// "file(line,col): error CSnnnn: message", one a line.
/// </summary>
static class ScriptCompiler
{
    public static (byte[] Assembly, byte[] Symbols) Compile(string path, byte[] source)
    {
        var fullPath = Path.GetFullPath(path);
        var options = ScriptOptions.Default
            .WithFilePath(fullPath)
            .WithFileEncoding(System.Text.Encoding.UTF8)
            .WithOptimizationLevel(OptimizationLevel.Release)
            .WithEmitDebugInformation(true)
            .AddReferences(typeof(Sharpdig.Sdk.Chisel).Assembly, typeof(Enumerable).Assembly, typeof(List<>).Assembly,
                typeof(System.Text.RegularExpressions.Regex).Assembly, typeof(System.Runtime.InteropServices.CollectionsMarshal).Assembly)
            .AddImports("System", "System.Collections.Generic", "System.Linq", "System.Text", "Sharpdig.Sdk");
        var text = System.Text.Encoding.UTF8.GetString(source);
        var compilation = CSharpScript.Create(text, options).GetCompilation();
        using var assembly = new MemoryStream();
        using var symbols = new MemoryStream();
        var result = compilation.Emit(assembly, symbols, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.PortablePdb));
        if (!result.Success)
        {
            var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)
                .Select(d => Describe(d, path)).ToImmutableArray();
            throw new ChiselException(string.Join('\n', errors));
        }
        return (assembly.ToArray(), symbols.ToArray());
    }

    /// <summary>"file(line,col): error CSnnnn: message", with the file as the command line named it.</summary>
    static string Describe(Diagnostic d, string path)
    {
        var span = d.Location.GetLineSpan();
        var file = span.Path == Path.GetFullPath(path) ? path : span.Path;
        var at = d.Location.IsInSource ? $"{file}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1})" : path;
        return $"{at}: error {d.Id}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
    }
}
