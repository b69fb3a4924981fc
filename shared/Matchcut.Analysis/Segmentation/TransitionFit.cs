namespace Matchcut.Analysis.Segmentation;

/// <summary>A gradual transition fitted inside a window: its kind, frame range, the boundary frame and fit quality (0-1).</summary>
internal sealed record TransitionFit(TransitionKind Kind, int Start, int End, int Boundary, float Quality)
{
    /// <summary>Mean grid difference between the window's two ends.</summary>
    public float EndChange { get; init; }
}
