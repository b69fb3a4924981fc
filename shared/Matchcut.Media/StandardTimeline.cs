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

    /// <summary>The source frame a standardized frame shows: the last one presented at or before its time.</summary>
    public int SourceFrameOf(int standardFrame)
    {
        var t = (double)standardFrame / FrameRate + 0.5 / FrameRate;
        var i = Array.BinarySearch(SourceFrameTimes, t);
        if (i < 0) i = ~i - 1;
        return Math.Clamp(i, 0, SourceFrameTimes.Length - 1);
    }

    /// <summary>Standardized frames [first, last] covering source frames [startFrame, endFrame].</summary>
    public (int First, int Last) StandardRange(int startFrame, int endFrame)
    {
        var first = StandardFrameAt(SourceFrameTimes[startFrame]);
        var next = endFrame + 1 < SourceFrameTimes.Length ? StandardFrameAt(SourceFrameTimes[endFrame + 1]) : FrameCount;
        return (first, Math.Clamp(next - 1, first, Math.Max(first, FrameCount - 1)));
    }
}
