namespace Matchcut.Pipeline;

/// <summary>The names under which an asset's features travel in a <see cref="FeatureManifest"/>.</summary>
public static class FeatureNames
{
    /// <summary>Ingest: the asset record (content identity and what ffprobe said).</summary>
    public const string Asset = "asset";

    /// <summary>Ingest: the source bytes as landed.</summary>
    public const string Source = "source";

    /// <summary>StandardizedEncode: the standardized video.</summary>
    public const string StdVideo = "std-video";

    /// <summary>StandardizedEncode: the standardized frames' mapping back to source times.</summary>
    public const string Timeline = "timeline";

    /// <summary>Per-frame analysis features of the source from the one-pass decode (StandardizedEncode, once it makes them).</summary>
    public const string SegmentFeatures = "segment-features";

    /// <summary>ShotSegment: the shot list with each shot's clip and pictures.</summary>
    public const string Shots = "shots";

    /// <summary>Dedup: the kept/dropped verdict of every shot.</summary>
    public const string Dedup = "dedup";

    /// <summary>EmbedGpu: the folder models' per-shot outputs (detections, masks), reusable while the models are the same.</summary>
    public const string Vision = "vision";

    /// <summary>EmbedGpu: text on screen read in each kept shot's sampled frames, reusable while the text models are the same.</summary>
    public const string Text = "text";

    /// <summary>Dedup: the frame encoder's per-shot vectors (mean, first and last clean frame), reused by EmbedGpu.</summary>
    public const string FrameVectors = "frame-vectors";

    /// <summary>EmbedGpu: one vector set per match-cut flavour.</summary>
    public const string Embeddings = "embeddings";

    /// <summary>EmbedGpu: per-shot tags, scale, silhouette and motion.</summary>
    public const string Annotations = "annotations";

    /// <summary>Score: the top pairs per flavour.</summary>
    public const string Matches = "matches";

    /// <summary>Index: the record that the shots are in the vector index.</summary>
    public const string Indexed = "indexed";
}
