namespace Sharpdig.Cli;

/// <summary>What the command line asked for.</summary>
public sealed class Options
{
    public string? ReadFile { get; set; }
    public long MaxEvents { get; set; }
    public bool Verbose { get; set; }
    public bool Ascii { get; set; }
    public bool HexAscii { get; set; }
    public bool Hex { get; set; }
    public bool Base64 { get; set; }
    public int? Snaplen { get; set; }
    public char TimeFormat { get; set; } = 'h';
    public string? PrintFormat { get; set; }
    public bool Json { get; set; }
    public bool Summary { get; set; }
    public bool ListEvents { get; set; }
    public bool ListFields { get; set; }
    public bool DisplayFilter { get; set; }
    public bool Debug { get; set; }
    public CaptureOptions Capture { get; set; } = new();
    public List<string> Chisels { get; } = new();
    public List<string> FilterWords { get; } = new();

    public string? Filter => FilterWords.Count == 0 ? null : string.Join(' ', FilterWords);
}
