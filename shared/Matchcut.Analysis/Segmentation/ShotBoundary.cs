namespace Matchcut.Analysis.Segmentation;

/// <summary>A shot boundary: <paramref name="Frame"/> is the first frame of the new shot; the transition spans the given frames (equal to Frame for a cut).</summary>
public sealed record ShotBoundary(int Frame, TransitionKind Kind, int TransitionStart, int TransitionEnd);
