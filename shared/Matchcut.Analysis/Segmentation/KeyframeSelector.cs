namespace Matchcut.Analysis.Segmentation;

/// <summary>Picks the frames that represent a shot: the sharpest non-black frame away from its transitions, leaning to the middle.</summary>
internal sealed class KeyframeSelector(SegmentationOptions options, BlackFrameClassifier black)
{
    /// <summary>Frames of the shot outside its transitions and edge margins; falls back to the whole shot when nothing is left.</summary>
    public (int First, int Last) SteadyRange(int start, int end, ShotBoundary? opening, ShotBoundary? closing)
    {
        var first = opening is null ? start : Math.Max(start, opening.TransitionEnd + 1);
        var last = closing is null ? end : Math.Min(end, closing.TransitionStart - 1);
        // Edges of a shot are where a missed soft transition or motion blur from the cut would show.
        var margin = (int)((last - first + 1) * options.KeyframeEdgeFraction);
        first += margin;
        last -= margin;
        return first <= last ? (first, last) : (start, end);
    }

    public int Select(FrameFeatureStore frames, int first, int last)
    {
        var centre = (first + last) / 2.0;
        var half = Math.Max(1, (last - first) / 2.0);
        var best = -1;
        var bestScore = double.MinValue;
        for (var f = first; f <= last; f++)
        {
            var s = frames[f];
            if (black.IsBlack(s)) continue;
            var score = (s.Sharpness + 1) * (1 - options.KeyframeCentreWeight * Math.Abs(f - centre) / half);
            if (score > bestScore) (best, bestScore) = (f, score);
        }
        return best >= 0 ? best : (int)Math.Round(centre);
    }
}
