namespace Matchcut.Pipeline;

/// <summary>EmbedGpu's per-shot findings beside the vectors: tags, scale, silhouette and motion of each kept shot.</summary>
public sealed record ShotAnnotationSet(IReadOnlyList<ShotAnnotation> Shots);

/// <summary>
/// One kept shot. Tags: COCO class name to normalized weight (1 = the shot's strongest class); Scale: close-up, medium
/// or wide (null without models); Silhouette: null without models or when the person covers too little of the keyframe.
/// </summary>
/// <remarks>TagConfidence: per class its best detection confidence over the shot's sampled frames (P_ij of the title-level tags).
/// Text: the distinct lines of text on screen, each where it was read most surely; null when text was not read.</remarks>
public sealed record ShotAnnotation(int Shot, IReadOnlyDictionary<string, double> Tags, string? Scale, Silhouette? Silhouette, MotionSummary? Motion,
    IReadOnlyDictionary<string, double>? TagConfidence = null, IReadOnlyList<ScreenText>? Text = null);

/// <summary>The keyframe's person mask: Width x Height cells, row-major, bit-packed (bit i in byte i / 8, bit i % 8); Area is the covered share.</summary>
public sealed record Silhouette(int Width, int Height, double Area, byte[] Bits)
{
    /// <summary>Intersection over union of the two masks; 0 for masks of different grids (frames of other aspects) or both empty.</summary>
    public double IoU(Silhouette other)
    {
        if (Width != other.Width || Height != other.Height) return 0;
        int inter = 0, union = 0;
        for (var i = 0; i < Math.Min(Bits.Length, other.Bits.Length); i++)
        {
            inter += System.Numerics.BitOperations.PopCount((uint)(Bits[i] & other.Bits[i]));
            union += System.Numerics.BitOperations.PopCount((uint)(Bits[i] | other.Bits[i]));
        }
        return union == 0 ? 0 : (double)inter / union;
    }
}

/// <summary>
/// A shot's motion in frame widths per second: Grid holds (dx, dy) per cell of a GridSize x GridSize grid, row-major;
/// Pan/Tilt/Zoom/Roll the fitted camera motion (pan &gt; 0 right, tilt &gt; 0 down, zoom &gt; 0 in); Speed the mean flow speed.
/// </summary>
public sealed record MotionSummary(int GridSize, float[] Grid, double Pan, double Tilt, double Zoom, double Roll, double Speed);
