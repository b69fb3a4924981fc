namespace Matchcut.Analysis.Segmentation;

/// <summary>
/// Tests whether the picture changes cell by cell: each grid cell flips from the first picture to the second at its
/// own time, the flips spread over the window and sweep across the frame (neighbours flip at nearby times).
/// </summary>
internal sealed class WipeFitter(SegmentationOptions options)
{
    public TransitionFit? Fit(FrameFeatureStore frames, int from, int to)
    {
        var a = frames.Grid(from);
        var b = frames.Grid(to);
        var changed = new List<int>();
        for (var c = 0; c < FeatureGrid.Cells; c++)
            if (CellDistanceSquared(a, b, c) >= options.TransitionCellChange * options.TransitionCellChange * 3) changed.Add(c);
        if (changed.Count < options.TransitionMinChangedCells * FeatureGrid.Cells) return null;

        var inner = to - from - 1;
        var flipTime = new int[FeatureGrid.Cells];
        var switched = new float[inner];
        double residualSum = 0, mostBetween = 0;
        for (var t = 0; t < inner; t++)
        {
            var g = frames.Grid(from + 1 + t);
            int flipped = 0, between = 0;
            foreach (var c in changed)
            {
                var (beta, residual) = Project(a, b, g, c);
                residualSum += residual;
                if (beta >= 0.5) { flipped++; } else flipTime[c]++;
                if (beta is > 0.2 and < 0.8) between++;
            }
            switched[t] = (float)flipped / changed.Count;
            mostBetween = Math.Max(mostBetween, (double)between / changed.Count);
        }
        if (residualSum / (inner * changed.Count) > options.WipeMaxResidual) return null;
        if (mostBetween > options.WipeMaxInBetween) return null;
        if (switched[0] > 0.3f || switched[^1] < 0.7f) return null;
        for (var t = 1; t < inner; t++)
            if (switched[t] < switched[t - 1] - options.MonotonicTolerance) return null;

        var times = changed.Select(c => flipTime[c]).OrderBy(x => x).ToArray();
        var spread = times[(int)(times.Length * 0.9)] - times[(int)(times.Length * 0.1)];
        if (spread < Math.Max(options.MinInBetweenFrames, options.WipeMinSpread * inner)) return null;
        if (NeighbourJump(changed, flipTime) > options.WipeMaxNeighbourJump * spread) return null;
        // One edge sweeps at one speed; a long pause with no cell flipping means two events in one window (the
        // tail of one transition and the next), which would otherwise out-rank and hide the real ones.
        if (LongestPause(times) > options.WipeMaxPause * spread) return null;

        var start = from + 1 + Math.Max(0, Array.FindIndex(switched, x => x > 0.05f));
        var end = from + 1 + Math.Max(0, Array.FindLastIndex(switched, x => x < 0.95f));
        var boundary = from + 1 + Array.FindIndex(switched, x => x >= 0.5f);
        return new TransitionFit(TransitionKind.Wipe, start, end, boundary, (float)(1 - residualSum / (inner * changed.Count)));
    }

    // Longest stretch between consecutive flip times among the middle 80% of changed cells.
    private static int LongestPause(int[] sortedTimes)
    {
        var longest = 0;
        for (var i = (int)(sortedTimes.Length * 0.1) + 1; i <= (int)(sortedTimes.Length * 0.9); i++)
            longest = Math.Max(longest, sortedTimes[i] - sortedTimes[i - 1]);
        return longest;
    }

    private static double CellDistanceSquared(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, int cell)
    {
        double sum = 0;
        for (var k = cell * 3; k < cell * 3 + 3; k++) sum += (b[k] - a[k]) * (b[k] - a[k]);
        return sum;
    }

    // Where the cell sits between its two pictures (0 = first, 1 = second) and how far off that line it is.
    private static (double Beta, double Residual) Project(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, ReadOnlySpan<byte> g, int cell)
    {
        double dd = 0, dot = 0;
        for (var k = cell * 3; k < cell * 3 + 3; k++)
        {
            dd += (b[k] - a[k]) * (b[k] - a[k]);
            dot += (g[k] - a[k]) * (b[k] - a[k]);
        }
        var beta = Math.Clamp(dot / dd, 0, 1);
        double r = 0;
        for (var k = cell * 3; k < cell * 3 + 3; k++)
        {
            var e = g[k] - a[k] - beta * (b[k] - a[k]);
            r += e * e;
        }
        return (beta, Math.Sqrt(r / dd));
    }

    private static double NeighbourJump(List<int> changed, int[] flipTime)
    {
        var isChanged = new bool[FeatureGrid.Cells];
        foreach (var c in changed) isChanged[c] = true;
        double sum = 0;
        var pairs = 0;
        foreach (var c in changed)
        {
            var right = c % FeatureGrid.Columns < FeatureGrid.Columns - 1 ? c + 1 : -1;
            var below = c + FeatureGrid.Columns < FeatureGrid.Cells ? c + FeatureGrid.Columns : -1;
            foreach (var n in (int[])[right, below])
            {
                if (n < 0 || !isChanged[n]) continue;
                sum += Math.Abs(flipTime[c] - flipTime[n]);
                pairs++;
            }
        }
        return pairs == 0 ? double.MaxValue : sum / pairs;
    }
}
