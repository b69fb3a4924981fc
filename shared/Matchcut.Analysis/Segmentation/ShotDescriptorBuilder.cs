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

    /// <summary>
    /// The layouts (<see cref="FrameLayout"/>) of single frames spread evenly over [first, last].
    /// </summary>
    public IReadOnlyList<float[]> BuildFrames(FrameFeatureStore frames, int first, int last) =>
        Spread(first, last, options.RevisitFrames).Select(f => FrameLayout.Encode(frames.Grid(f))).ToList();

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
