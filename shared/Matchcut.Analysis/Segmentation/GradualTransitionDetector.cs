namespace Matchcut.Analysis.Segmentation;

/// <summary>
/// Finds dissolves and wipes between cuts and away from black: windows of several lengths whose two ends show
/// different pictures (not just a brightness change) are fitted as a blend or a cell-by-cell sweep; the best
/// non-overlapping fits become boundaries.
/// </summary>
internal sealed class GradualTransitionDetector(SegmentationOptions options)
{
    private readonly DissolveFitter _dissolves = new(options);
    private readonly WipeFitter _wipes = new(options);

    public List<DetectedBoundary> Detect(FrameFeatureStore frames, double frameRate, IEnumerable<int> cutFrames, IEnumerable<(int First, int Last)> blocked,
        IEnumerable<(int First, int Last)> flashes)
    {
        // A window ending on a flash frame sees a huge change that is no transition, and would hide the windows of a
        // transition next to the flash from the peak search: such windows are left out.
        var isFlash = new bool[frames.Count];
        foreach (var (first, last) in flashes)
            for (var f = Math.Max(0, first); f <= Math.Min(frames.Count - 1, last); f++) isFlash[f] = true;
        var fits = new List<TransitionFit>();
        var halfLengths = options.TransitionHalves
            .Select(s => Math.Max(2, (int)Math.Round(s * frameRate))).Distinct().ToArray();
        foreach (var (first, last) in Segments(frames.Count, cutFrames, blocked))
            foreach (var half in halfLengths)
                FitSegment(frames, first, last, half, isFlash, fits);
        // A sweep quicker than an editor's wipe is a subject moving through the picture (a hand, a passing car).
        fits.RemoveAll(f => f.Kind == TransitionKind.Wipe && f.End - f.Start + 1 < options.WipeMinSeconds * frameRate);
        var accepted = new List<TransitionFit>();
        // A window spanning the whole transition sees the largest change between its ends; windows inside it fit
        // pieces of it just as well, so change, not fit alone, decides which of overlapping fits stands.
        foreach (var fit in fits.OrderByDescending(f => f.Quality * f.EndChange))
            if (!accepted.Any(a => fit.Start <= a.End && a.Start <= fit.End)) accepted.Add(fit);
        return accepted
            .Select(f => new DetectedBoundary(new(f.Boundary, f.Kind, f.Start, f.End), f.Quality * options.GradualStrength))
            .ToList();
    }

    private void FitSegment(FrameFeatureStore frames, int first, int last, int half, bool[] isFlash, List<TransitionFit> fits)
    {
        if (last - first < 2 * half) return;
        var change = new float[last - first + 1];
        for (var c = first + half; c <= last - half; c++)
            if (!isFlash[c - half] && !isFlash[c + half])
                change[c - first] = GridDistance.MeanAbsolute(frames.Grid(c - half), frames.Grid(c + half));
        for (var c = first + half; c <= last - half; c++)
        {
            var value = change[c - first];
            if (!IsPeak(change, c - first, half)) continue;
            if (!StandsOut(change, c - first, half)) continue;
            var a = frames.Grid(c - half);
            var b = frames.Grid(c + half);
            var (pictureChange, changedShare) = GridDistance.OverPicture(a, b, options.TransitionCellChange, options.BoxBarLuma);
            if (pictureChange < options.TransitionMinChange) continue;
            // Same picture in other light (a fade, a lamp), a partial change (a title over the picture) or the
            // same picture moved (a pan or tilt) is not a change of shot. A gain alone explains much of the change
            // between a bright and a dark picture, so only a picture that also keeps its pattern counts as the same.
            if (GridDistance.UnexplainedByGain(a, b) < options.SamePictureUnexplained
                && GridDistance.Uncorrelated(a, b) < options.SamePictureUnexplained) continue;
            // Between two framings of one shot, or two dim pictures, few cells change by much, but a new picture still
            // touches nearly every cell, where a title or a passing subject leaves most as they were: a blend that fits
            // its frames closely may stand on that wider, fainter change.
            var faint = changedShare < options.TransitionMinChangedCells;
            if (faint && GridDistance.OverPicture(a, b, options.TransitionFaintCellChange, options.BoxBarLuma).ChangedShare < options.TransitionMinFaintCells) continue;
            var dissolve = _dissolves.Fit(frames, c - half, c + half);
            if (faint && !(dissolve is not null && 1 - dissolve.Quality <= options.FaintDissolveMaxResidual)) continue;
            var moves = CameraMoves(frames, c, half);
            if (dissolve is not null)
            {
                if (!moves || 1 - dissolve.Quality <= options.DissolveOverCameraMoveResidual) fits.Add(dissolve with { EndChange = value });
                continue;
            }
            // A wipe's edge moving between two smooth pictures matches "the picture shifted" as well as a pan does, so a
            // shift alone does not veto a sweep whose every cell goes straight from the first picture to the second in place.
            if (_wipes.Fit(frames, c - half, c + half) is { } wipe && (!moves || 1 - wipe.Quality <= options.WipeOverCameraMoveResidual))
                fits.Add(wipe with { EndChange = value });
        }
    }

    // Across the whole window a fast pan moves further than any shift tried, so pairs of frames ever closer
    // around the centre are tried too: in a pan some pair is the same picture shifted, in a dissolve or wipe none is.
    private bool CameraMoves(FrameFeatureStore frames, int centre, int half)
    {
        for (var step = half; step >= 1; step /= 2)
        {
            var a = frames.Grid(centre - step);
            var b = frames.Grid(centre + step);
            if (GridDistance.MeanAbsolute(a, b) < options.CameraMoveMinChange) break;
            if (GridDistance.ShiftedMatchRatio(a, b, options.CameraMoveMaxCells) < options.CameraMoveMatchRatio) return true;
        }
        return false;
    }

    // A transition changes the picture across its window far more than the same length of either shot does on its own;
    // a camera move, a zoom or a subject moving keeps changing it at the same pace before and after. The quieter of the
    // windows just before and just after (one window length away, where the segment has them) must change much less:
    // one fast-moving shot next to a dissolve does not hide it.
    private bool StandsOut(float[] change, int i, int half)
    {
        var around = float.MaxValue;
        foreach (var j in new[] { i - 2 * half, i + 2 * half })
            if (j >= half && j < change.Length - half) around = Math.Min(around, change[j]);
        return around == float.MaxValue || change[i] >= options.GradualProminence * around;
    }

    private static bool IsPeak(float[] values, int i, int radius)
    {
        for (var j = Math.Max(0, i - radius); j <= Math.Min(values.Length - 1, i + radius); j++)
            if (values[j] > values[i] || (values[j] == values[i] && j < i)) return false;
        return true;
    }

    // Stretches of frames with no cut inside and no black run or fade ramp touching them.
    private static IEnumerable<(int First, int Last)> Segments(int count, IEnumerable<int> cutFrames, IEnumerable<(int First, int Last)> blocked)
    {
        var isBlocked = new bool[count];
        foreach (var (first, last) in blocked)
            for (var f = Math.Max(0, first); f <= Math.Min(count - 1, last); f++) isBlocked[f] = true;
        var startsNew = new bool[count];
        foreach (var f in cutFrames) if (f >= 0 && f < count) startsNew[f] = true;
        var start = -1;
        for (var f = 0; f <= count; f++)
        {
            var ends = f == count || isBlocked[f] || startsNew[f];
            if (ends && start >= 0) { yield return (start, f - 1); start = -1; }
            if (f < count && !isBlocked[f] && start < 0) start = f;
        }
    }
}
