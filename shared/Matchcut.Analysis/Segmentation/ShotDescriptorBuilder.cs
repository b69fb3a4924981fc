using Matchcut.Media;

namespace Matchcut.Analysis.Segmentation;

/// <summary>
/// A compact spatial colour layout of a shot for near-duplicate search by cosine: a few frames spread over the
/// shot, averaged, as luma and chroma per grid cell around a fixed mid-grey, so lighting and colour count
/// (the same place in other light is not a duplicate), plus the luma pattern with its own mean removed so the
/// layout counts even in dark shots.
/// </summary>
internal sealed class ShotDescriptorBuilder(SegmentationOptions options)
{
    public const int Length = FeatureGrid.Cells * 4;

    public float[] Build(FrameFeatureStore frames, int first, int last) =>
        Describe(frames, Spread(first, last, options.DescriptorFrames));

    /// <summary>Length of a single frame's layout vector: luma and chroma steps between neighbouring cells, across and down.</summary>
    public const int FrameLength = 3 * ((FeatureGrid.Columns - 1) * FeatureGrid.Rows + FeatureGrid.Columns * (FeatureGrid.Rows - 1));

    /// <summary>
    /// The layout of single frames spread evenly over [first, last], L2-normalized: the signed square root of the
    /// luma and chroma steps between neighbouring cells. Steps describe where edges and colour boundaries sit; the
    /// root keeps the one hard edge of a letterbox or pillarbox (which unrelated shots share) from outweighing the
    /// picture inside it, and coarse cells barely change when the same picture is re-encoded or softened.
    /// </summary>
    public IReadOnlyList<float[]> BuildFrames(FrameFeatureStore frames, int first, int last) =>
        Spread(first, last, options.RevisitFrames).Select(f => FrameLayout(frames.Grid(f))).ToList();

    private static float[] FrameLayout(ReadOnlySpan<byte> grid)
    {
        var yuv = new double[FeatureGrid.Cells * 3];
        for (var c = 0; c < FeatureGrid.Cells; c++)
        {
            double r = grid[c * 3], g = grid[c * 3 + 1], b = grid[c * 3 + 2];
            yuv[c * 3] = Bt601.Luma(r, g, b);
            yuv[c * 3 + 1] = -0.169 * r - 0.331 * g + 0.5 * b;
            yuv[c * 3 + 2] = 0.5 * r - 0.419 * g - 0.081 * b;
        }
        var v = new float[FrameLength];
        var n = 0;
        for (var y = 0; y < FeatureGrid.Rows; y++)
            for (var x = 0; x < FeatureGrid.Columns; x++)
            {
                var c = y * FeatureGrid.Columns + x;
                if (x + 1 < FeatureGrid.Columns) for (var k = 0; k < 3; k++) v[n++] = SignedRoot(yuv[(c + 1) * 3 + k] - yuv[c * 3 + k]);
                if (y + 1 < FeatureGrid.Rows) for (var k = 0; k < 3; k++) v[n++] = SignedRoot(yuv[(c + FeatureGrid.Columns) * 3 + k] - yuv[c * 3 + k]);
            }
        Normalize(v);
        return v;
    }

    private static float SignedRoot(double d) => (float)(Math.Sign(d) * Math.Sqrt(Math.Abs(d)));

    private static int[] Spread(int first, int last, int count)
    {
        var samples = Math.Max(1, Math.Min(count, last - first + 1));
        return Enumerable.Range(0, samples).Select(s => first + (int)Math.Round((s + 0.5) * (last - first + 1) / samples - 0.5)).ToArray();
    }

    private float[] Describe(FrameFeatureStore frames, int[] picked)
    {
        var samples = picked.Length;
        var sum = new double[FeatureGrid.Bytes];
        foreach (var f in picked)
        {
            var g = frames.Grid(f);
            for (var i = 0; i < sum.Length; i++) sum[i] += g[i];
        }
        var luma = new double[FeatureGrid.Cells];
        var v = new float[Length];
        for (var c = 0; c < FeatureGrid.Cells; c++)
        {
            double r = sum[c * 3] / samples, g = sum[c * 3 + 1] / samples, b = sum[c * 3 + 2] / samples;
            luma[c] = Bt601.Luma(r, g, b);
            v[c] = (float)(luma[c] - 128);
            v[FeatureGrid.Cells + c] = (float)(options.DescriptorChromaWeight * (-0.169 * r - 0.331 * g + 0.5 * b));
            v[2 * FeatureGrid.Cells + c] = (float)(options.DescriptorChromaWeight * (0.5 * r - 0.419 * g - 0.081 * b));
        }
        var mean = luma.Average();
        for (var c = 0; c < FeatureGrid.Cells; c++) v[3 * FeatureGrid.Cells + c] = (float)(options.DescriptorPatternWeight * (luma[c] - mean));
        Normalize(v);
        return v;
    }

    private static void Normalize(float[] v)
    {
        double n = 0;
        foreach (var x in v) n += x * x;
        if (n <= 0) return;
        var inv = (float)(1 / Math.Sqrt(n));
        for (var i = 0; i < v.Length; i++) v[i] *= inv;
    }
}
