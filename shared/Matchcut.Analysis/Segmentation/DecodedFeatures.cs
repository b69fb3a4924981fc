namespace Matchcut.Analysis.Segmentation;

/// <summary>What one pass over the video leaves behind: per-frame features and presentation times.</summary>
internal sealed record DecodedFeatures(FrameFeatureStore Frames, double[] Pts);
