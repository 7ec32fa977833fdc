using System.Globalization;

namespace Sharpdig.Output;

/// <summary>
/// sysdig's -P: how much of the capture file has been read, in percent, on stderr. It looks every
/// 10000th event and shows the figure when it moved by more than 0.1 since last shown; a new figure
/// blanks the one before it. The end blanks the last figure and, if it moved enough, shows where the
/// run stopped, then ends the line.
/// </summary>
public sealed class ProgressPrinter(TextWriter error)
{
    const ulong EveryEvents = 10000;
    double shown;
    string blank = "";

    /// <summary>Whether event number <paramref name="number"/> is one to look at the progress for.</summary>
    public static bool IsDue(ulong number) => number % EveryEvents == 0;

    public void Update(double percent)
    {
        if (percent - shown <= 0.1) return;
        string text = Format(percent);
        error.Write($"\r{blank}\r{text}");
        error.Flush();
        shown = percent;
        blank = new string(' ', text.Length);
    }

    /// <summary>The last figure blanked, the final one shown if it moved enough, and the line ended.</summary>
    public void End(double percent)
    {
        error.Write($"\r{blank}");
        Update(percent);
        error.Write('\n');
        error.Flush();
    }

    static string Format(double percent) => percent.ToString("F2", CultureInfo.InvariantCulture);
}
