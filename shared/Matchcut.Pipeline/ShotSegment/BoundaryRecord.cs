namespace Matchcut.Pipeline;

/// <summary>A detected transition; Frame is the first frame of the new shot.</summary>
public sealed record BoundaryRecord(int Frame, string Kind, int TransitionStart, int TransitionEnd);
