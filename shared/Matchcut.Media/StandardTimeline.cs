namespace Matchcut.Media;

/// <summary>
/// The exact mapping between source frames and the standardized encode. Source frame i was presented at
/// <see cref="SourceFrameTimes"/>[i] seconds after the first frame; standardized frame k at k / fps.
/// </summary>
public sealed record StandardTimeline(
    string Profile,
    int FrameRate,
    int Width,
    int Height,
    int FrameCount,
    double SourceFirstPts,
    double[] SourceFrameTimes)
{
    /// <summary>The standardized frame showing the source frame presented at <paramref name="seconds"/> (ffmpeg's fps filter rounds to nearest).</summary>
    public int StandardFrameAt(double seconds) =>
        Math.Clamp((int)Math.Round(seconds * FrameRate, MidpointRounding.AwayFromZero), 0, Math.Max(0, FrameCount - 1));
}
