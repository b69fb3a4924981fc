namespace Matchcut.Analysis.Segmentation;

/// <summary>A frame where the picture changes abruptly, with how strongly.</summary>
internal readonly record struct CutCandidate(int Frame, float Score);
