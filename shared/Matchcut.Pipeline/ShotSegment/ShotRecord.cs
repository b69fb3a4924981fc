namespace Matchcut.Pipeline;

/// <summary>One shot: source frames [StartFrame, EndFrame] (presentation order, 0-based), the matching standardized frames, and its objects.</summary>
/// <remarks>StdCleanFirst/StdCleanLast bound the part outside fades and dissolves: its first and last pictures come from there.</remarks>
public sealed record ShotRecord(
    int Index,
    int StartFrame,
    int EndFrame,
    double StartSec,
    double EndSec,
    int KeyframeFrame,
    bool Blank,
    double MeanLuma,
    float[] Descriptor,
    int StdFirst,
    int StdLast,
    int StdKeyframe,
    int StdCleanFirst,
    int StdCleanLast,
    string ClipKey,
    string KeyframeKey,
    string FirstFrameKey,
    string LastFrameKey)
{
    /// <summary>The segmenter's descriptor of single frames spread over the shot: dedup compares a returning shot by several moments, not one average.</summary>
    public IReadOnlyList<float[]> FrameDescriptors { get; init; } = [];

    public double DurationSec => EndSec - StartSec;
}
