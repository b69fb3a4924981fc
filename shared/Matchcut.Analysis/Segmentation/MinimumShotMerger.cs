namespace Matchcut.Analysis.Segmentation;

/// <summary>Drops boundaries until every shot lasts at least its minimum (frames between hard cuts, seconds next to a gradual transition), always giving up the weaker boundary of a too-short shot.</summary>
internal sealed class MinimumShotMerger(SegmentationOptions options)
{
    public List<DetectedBoundary> Merge(List<DetectedBoundary> boundaries, double[] times, double endTime)
    {
        var kept = boundaries.Where(b => b.Frame > 0 && b.Frame < times.Length)
            .GroupBy(b => b.Frame).Select(g => g.MaxBy(b => b.Strength)!)
            .OrderBy(b => b.Frame).ToList();
        while (true)
        {
            var shortest = -1;
            var shortestLength = double.MaxValue;
            for (var s = 0; s <= kept.Count; s++)
            {
                var start = s == 0 ? 0 : times[kept[s - 1].Frame];
                var end = s == kept.Count ? endTime : times[kept[s].Frame];
                var frames = (s == kept.Count ? times.Length : kept[s].Frame) - (s == 0 ? 0 : kept[s - 1].Frame);
                // Between hard cuts (or a cut and the video's start or end) an editor's montage cuts every few frames;
                // a shot next to a dissolve, wipe or fade must last MinShotSeconds.
                var cutsOnly = (s == 0 || kept[s - 1].Boundary.Kind == TransitionKind.Cut) && (s == kept.Count || kept[s].Boundary.Kind == TransitionKind.Cut);
                var tooShort = cutsOnly ? frames < options.MinCutShotFrames : end - start < options.MinShotSeconds;
                if (tooShort && end - start < shortestLength) (shortest, shortestLength) = (s, end - start);
            }
            if (shortest < 0 || kept.Count == 0) return kept;
            var drop = shortest == 0 ? 0
                : shortest == kept.Count ? kept.Count - 1
                : Weaker(kept[shortest - 1], kept[shortest]) ? shortest - 1 : shortest;
            kept.RemoveAt(drop);
        }
    }

    // A hard cut just outside a dissolve or wipe fitted next to it is separate, sharper evidence: the soft fit
    // is then the new shot starting to move or change light, not a transition leaving a shot of a few frames.
    // Otherwise the stronger boundary stays.
    private static bool Weaker(DetectedBoundary first, DetectedBoundary second)
    {
        if (IsCutOutside(first, second)) return false;
        if (IsCutOutside(second, first)) return true;
        return first.Strength <= second.Strength;
    }

    private static bool IsCutOutside(DetectedBoundary cut, DetectedBoundary soft) =>
        cut.Boundary.Kind == TransitionKind.Cut
        && soft.Boundary.Kind is TransitionKind.Dissolve or TransitionKind.Wipe
        && (cut.Frame < soft.Boundary.TransitionStart || cut.Frame > soft.Boundary.TransitionEnd);
}
