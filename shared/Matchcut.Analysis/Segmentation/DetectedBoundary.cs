namespace Matchcut.Analysis.Segmentation;

/// <summary>A boundary with the strength that decides which one gives way when two are too close.</summary>
internal sealed record DetectedBoundary(ShotBoundary Boundary, float Strength)
{
    public int Frame => Boundary.Frame;
}
