namespace Matchcut.Analysis.Segmentation;

/// <summary>One shot: inclusive frame range, times in seconds from the first frame, a representative keyframe and an L2-normalized descriptor.</summary>
public sealed record AnalyzedShot(
    int Index,
    int StartFrame,
    int EndFrame,
    double StartSec,
    double EndSec,
    int KeyframeFrame,
    bool Blank,
    double MeanLuma,
    float[] Descriptor)
{
    public int FrameCount => EndFrame - StartFrame + 1;

    public double DurationSec => EndSec - StartSec;
}
