namespace Matchcut.Analysis.Segmentation;

/// <summary>Everything segmentation learned about a video: frame times (seconds after <paramref name="FirstPts"/>), boundaries and shots.</summary>
public sealed record ShotAnalysis(
    int FrameCount,
    double[] FrameTimes,
    double FirstPts,
    IReadOnlyList<ShotBoundary> Boundaries,
    IReadOnlyList<AnalyzedShot> Shots);
