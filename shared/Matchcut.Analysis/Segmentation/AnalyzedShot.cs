namespace Matchcut.Analysis.Segmentation;

/// <summary>
/// One shot: inclusive frame range, times in seconds from the first frame, a representative keyframe, an L2-normalized
/// descriptor of the whole shot and the same descriptor of single frames spread over it (what a revisit is judged on).
/// </summary>
public sealed record AnalyzedShot(
    int Index,
    int StartFrame,
    int EndFrame,
    double StartSec,
    double EndSec,
    int KeyframeFrame,
    bool Blank,
    double MeanLuma,
    float[] Descriptor,
    IReadOnlyList<float[]> FrameDescriptors)
{
    public int FrameCount => EndFrame - StartFrame + 1;

    public double DurationSec => EndSec - StartSec;
}
