namespace Matchcut.Analysis.Segmentation;

/// <summary>
/// Tests whether the frames between two endpoints are linear blends of them, with one blend weight for the whole
/// picture rising from 0 to 1: true of a dissolve, not of camera or subject motion, which moves content instead.
/// </summary>
internal sealed class DissolveFitter(SegmentationOptions options)
{
    public TransitionFit? Fit(FrameFeatureStore frames, int from, int to)
    {
        var a = frames.Grid(from);
        var b = frames.Grid(to);
        double dd = 0;
        for (var i = 0; i < a.Length; i++) dd += (b[i] - a[i]) * (b[i] - a[i]);
        var inner = to - from - 1;
        var alphas = new float[inner];
        double residualSum = 0;
        for (var t = 0; t < inner; t++)
        {
            var g = frames.Grid(from + 1 + t);
            double dot = 0;
            for (var i = 0; i < a.Length; i++) dot += (g[i] - a[i]) * (b[i] - a[i]);
            var alpha = dot / dd;
            double r = 0;
            for (var i = 0; i < a.Length; i++)
            {
                var e = g[i] - a[i] - alpha * (b[i] - a[i]);
                r += e * e;
            }
            var residual = Math.Sqrt(r / dd);
            if (residual > options.DissolveMaxResidual) return null;
            residualSum += residual;
            alphas[t] = (float)alpha;
        }
        if (!RisesSteadily(alphas)) return null;
        var start = from + 1 + Array.FindIndex(alphas, x => x > 0.1f);
        var end = from + 1 + Array.FindLastIndex(alphas, x => x < 0.9f);
        var boundary = from + 1 + Array.FindIndex(alphas, x => x >= 0.5f);
        return new TransitionFit(TransitionKind.Dissolve, start, end, boundary, (float)(1 - residualSum / inner));
    }

    // Starts near the first picture, ends near the second, never steps back, and passes through several in-between
    // frames (a cut would jump straight across).
    private bool RisesSteadily(float[] alphas)
    {
        if (alphas.Length < 3 || alphas[0] > 0.35f || alphas[^1] < 0.65f) return false;
        var between = 0;
        var highest = float.MinValue;
        foreach (var alpha in alphas)
        {
            if (alpha < highest - options.MonotonicTolerance) return false;
            highest = Math.Max(highest, alpha);
            if (alpha is > 0.15f and < 0.85f) between++;
        }
        return between >= options.MinInBetweenFrames;
    }
}
