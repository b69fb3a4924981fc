namespace Matchcut.Pipeline;

/// <summary>
/// A line of text on screen: what it says, its words (letters and digits, as read), the recognizer's mean character
/// confidence, the standardized frame it was read in and that frame's time, and its box in that frame's pixels.
/// </summary>
public sealed record ScreenText(string Text, IReadOnlyList<string> Words, double Confidence, int Frame, double Sec, int X, int Y, int Width, int Height)
{
    /// <summary>The words of a line: runs of letters and digits (apostrophes and inner hyphens kept).</summary>
    public static IReadOnlyList<string> WordsOf(string text) =>
        System.Text.RegularExpressions.Regex.Matches(text, @"[\p{L}\p{N}]+(?:['’\-][\p{L}\p{N}]+)*").Select(m => m.Value).ToList();
}

/// <summary>The text read in one kept shot: every line of every sampled frame read, in frame order (none: nothing found).</summary>
public sealed record ShotTextLines(int Shot, IReadOnlyList<int> Frames, IReadOnlyList<ScreenText> Lines);

/// <summary>
/// EmbedGpu's text-on-screen feature of an asset (stored at <see cref="EmbedFeature.Text"/>), with what it was read with:
/// reused while <see cref="Fingerprint"/> (models, key file, method, sampling and thresholds) is the same.
/// <see cref="ReadFrames"/> and <see cref="ReadSeconds"/>: what the run that wrote it read and how long that took (CPU
/// seconds summed over frames; 0 when every shot's text was reused), the feature's own cost.
/// </summary>
public sealed record ShotTextSet(string Fingerprint, IReadOnlyList<ShotTextLines> Shots, int ReadFrames = 0, double ReadSeconds = 0);
