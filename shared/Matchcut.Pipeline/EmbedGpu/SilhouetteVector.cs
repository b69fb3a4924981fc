namespace Matchcut.Pipeline;

/// <summary>
/// The silhouette flavour's vector: the person mask pooled onto a fixed 16x9 grid, each cell the share of its mask cells
/// that are person, L2-normalized. Its cosine is the overlap of the two pooled shapes over their sizes, so shapes that
/// cover the same cells rank first; it finds candidates in the vector index, and the masks' IoU scores them.
/// </summary>
public static class SilhouetteVector
{
    public const int Width = 16, Height = 9, Dimension = Width * Height;

    /// <summary>What made the vectors (the index's silhouette rows): bump when the pooling changes.</summary>
    public const string Method = "deeplabv3-person-mask-16x9-cover-v1";

    /// <summary>What cross-title and similar-shot silhouette answers are made by: these vectors' candidates, re-scored by mask IoU.</summary>
    public static string RankingMethod(string vectorMethod) => $"coarse mask vector candidates ({vectorMethod}), mask IoU";

    /// <summary>The pooled, L2-normalized vector of a mask; a mask cell falls in the coarse cell its centre lies in. All zeros for an empty mask.</summary>
    public static float[] Of(Silhouette mask)
    {
        var person = new float[Dimension];
        var total = new float[Dimension];
        for (var y = 0; y < mask.Height; y++)
        {
            var cy = (2 * y + 1) * Height / (2 * mask.Height);
            for (var x = 0; x < mask.Width; x++)
            {
                var i = y * mask.Width + x;
                var cell = cy * Width + (2 * x + 1) * Width / (2 * mask.Width);
                total[cell]++;
                if ((mask.Bits[i >> 3] & (1 << (i & 7))) != 0) person[cell]++;
            }
        }
        double norm = 0;
        for (var c = 0; c < Dimension; c++)
        {
            person[c] = total[c] > 0 ? person[c] / total[c] : 0;
            norm += person[c] * person[c];
        }
        if (norm == 0) return person;
        var scale = (float)(1 / Math.Sqrt(norm));
        for (var c = 0; c < Dimension; c++) person[c] *= scale;
        return person;
    }
}
