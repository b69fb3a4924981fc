namespace Matchcut.EmbedGpu;

/// <summary>Bound from the "Embedding" configuration section.</summary>
public sealed class EmbeddingOptions
{
    /// <summary>Frames sampled per shot and mean-pooled into its representation.</summary>
    public int FramesPerShot { get; set; } = 5;
}
