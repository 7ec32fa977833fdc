namespace Sharpdig.Decode;

/// <summary>How byte buffers are printed: sysdig's -A, -X, -x, -b and their JSON variants.</summary>
public enum BufferFormat
{
    /// <summary>Printable bytes as-is, others as dots (the default).</summary>
    Normal,
    /// <summary>-A: printable characters and newlines only.</summary>
    Ascii,
    /// <summary>-X: hex rows with an ASCII column.</summary>
    HexAscii,
    /// <summary>-x: hex rows.</summary>
    Hex,
    /// <summary>-b: base64.</summary>
    Base64,
    /// <summary>-j: JSON output, buffers as in the normal format.</summary>
    Json,
    JsonAscii,
    JsonHexAscii,
    JsonHex,
    JsonBase64,
}
