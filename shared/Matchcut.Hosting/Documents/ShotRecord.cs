namespace Matchcut.Hosting.Documents;

/// <summary>One shot: source frames [StartFrame, EndFrame] (presentation order, 0-based), the matching standardized frames, and its objects.</summary>
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
    string ClipKey,
    string KeyframeKey,
    string FirstFrameKey,
    string LastFrameKey)
{
    public double DurationSec => EndSec - StartSec;
}
