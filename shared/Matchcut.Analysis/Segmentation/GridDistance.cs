namespace Matchcut.Analysis.Segmentation;

/// <summary>Distances between two frames' colour grids.</summary>
internal static class GridDistance
{
    /// <summary>Mean absolute difference per cell and channel, on the 0-255 scale.</summary>
    public static float MeanAbsolute(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        var sum = 0;
        for (var i = 0; i < a.Length; i++) sum += Math.Abs(a[i] - b[i]);
        return (float)sum / a.Length;
    }

    /// <summary>
    /// How much of the change from <paramref name="a"/> to <paramref name="b"/> is left once a brightness gain is
    /// allowed for: near 0 when b is a darker or brighter copy of a (fades, lighting), near 1 for a new picture.
    /// </summary>
    public static float UnexplainedByGain(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        double aa = 0, ab = 0, bb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            aa += a[i] * a[i];
            ab += a[i] * b[i];
            bb += b[i] * b[i];
        }
        // Either side may be (near) black; scale the brighter one down onto the darker.
        var (x2, y2) = aa >= bb ? (aa, bb) : (bb, aa);
        if (x2 < 1) return 0;
        var gain = ab / x2;
        var residual = Math.Max(0, y2 - 2 * gain * ab + gain * gain * x2);
        var plain = Math.Max(1e-9, aa - 2 * ab + bb);
        return (float)Math.Sqrt(residual / plain);
    }

    /// <summary>
    /// Share of <paramref name="b"/>'s pattern that <paramref name="a"/> does not predict under any gain and offset
    /// (sqrt(1 - r^2) of their correlation): near 0 for one picture in other light, near 1 for unrelated pictures,
    /// whatever their difference in brightness. 0 when either picture is flat.
    /// </summary>
    public static float Uncorrelated(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
        var n = a.Length;
        for (var i = 0; i < n; i++)
        {
            sa += a[i];
            sb += b[i];
            saa += a[i] * a[i];
            sbb += b[i] * b[i];
            sab += a[i] * b[i];
        }
        var va = saa - sa * sa / n;
        var vb = sbb - sb * sb / n;
        if (va < 1e-6 || vb < 1e-6) return 0;
        var r = (sab - sa * sb / n) / Math.Sqrt(va * vb);
        return (float)Math.Sqrt(Math.Max(0, 1 - r * r));
    }

    /// <summary>
    /// How well the best whole-cell shift of <paramref name="a"/> matches <paramref name="b"/>, as a share of the
    /// unshifted difference: well under 1 when the camera moved, about 1 for two unrelated pictures.
    /// </summary>
    public static float ShiftedMatchRatio(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, int maxShift)
    {
        var still = ShiftedDifference(a, b, 0, 0);
        if (still <= 0) return 1;
        var best = double.MaxValue;
        for (var dy = -maxShift; dy <= maxShift; dy++)
            for (var dx = -maxShift; dx <= maxShift; dx++)
                if (dx != 0 || dy != 0) best = Math.Min(best, ShiftedDifference(a, b, dx, dy));
        return (float)(best / still);
    }

    // Mean difference over the cells both pictures share once b is offset by (dx, dy) cells.
    private static double ShiftedDifference(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, int dx, int dy)
    {
        long sum = 0;
        var n = 0;
        for (var y = Math.Max(0, -dy); y < Math.Min(FeatureGrid.Rows, FeatureGrid.Rows - dy); y++)
        {
            for (var x = Math.Max(0, -dx); x < Math.Min(FeatureGrid.Columns, FeatureGrid.Columns - dx); x++)
            {
                var i = (y * FeatureGrid.Columns + x) * 3;
                var j = ((y + dy) * FeatureGrid.Columns + x + dx) * 3;
                for (var k = 0; k < 3; k++) sum += Math.Abs(a[i + k] - b[j + k]);
                n += 3;
            }
        }
        return n == 0 ? double.MaxValue : (double)sum / n;
    }

    /// <summary>Share of cells whose colour moved by more than <paramref name="minChange"/> per channel (RMS).</summary>
    public static float ChangedCellShare(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, double minChange)
    {
        var changed = 0;
        for (var c = 0; c < FeatureGrid.Cells; c++)
        {
            double d = 0;
            for (var k = c * 3; k < c * 3 + 3; k++) d += (a[k] - b[k]) * (a[k] - b[k]);
            if (d >= minChange * minChange * 3) changed++;
        }
        return (float)changed / FeatureGrid.Cells;
    }

    /// <summary>
    /// Mean absolute difference and share of changed cells (as <see cref="ChangedCellShare"/>) over the cells that are
    /// dark in neither picture: letterbox and pillarbox bars (and black borders a re-framing adds) stay dark whatever
    /// the shot, so counting them would make any change of a boxed picture look partial.
    /// </summary>
    public static (float MeanAbsolute, float ChangedShare) OverPicture(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, double minChange, float darkLuma)
    {
        int cells = 0, changed = 0;
        long sum = 0;
        for (var c = 0; c < FeatureGrid.Cells; c++)
        {
            int la = 0, lb = 0;
            for (var k = c * 3; k < c * 3 + 3; k++) { la = Math.Max(la, a[k]); lb = Math.Max(lb, b[k]); }
            if (la <= darkLuma && lb <= darkLuma) continue;
            cells++;
            double d = 0;
            for (var k = c * 3; k < c * 3 + 3; k++)
            {
                sum += Math.Abs(a[k] - b[k]);
                d += (a[k] - b[k]) * (a[k] - b[k]);
            }
            if (d >= minChange * minChange * 3) changed++;
        }
        return cells == 0 ? (0, 0) : ((float)sum / (cells * 3), (float)changed / cells);
    }
}
