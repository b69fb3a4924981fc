namespace Matchcut.Analysis.Segmentation;

/// <summary>
/// Finds hard cuts: a frame-to-frame change that stands far above the changes around it (so steady fast motion
/// does not cut), after which the earlier picture does not come back (so flashes do not cut).
/// </summary>
internal sealed class HardCutDetector(SegmentationOptions options)
{
    /// <summary>Cuts, and the frames of flashes looked through (so soft-transition windows do not end on a white frame).</summary>
    public List<CutCandidate> Detect(FrameFeatureStore frames, double frameRate, out List<(int First, int Last)> flashes)
    {
        flashes = [];
        var scores = new float[frames.Count];
        for (var i = 1; i < frames.Count; i++) scores[i] = ContrastGain(frames[i - 1], frames[i]) * Score(frames[i]);
        var window = Math.Max(2, (int)Math.Round(options.CutWindowSeconds * frameRate));
        var flashFrames = Math.Max(2, (int)Math.Ceiling(options.FlashMaxSeconds * frameRate));
        // Flashes first: the jumps into and out of a flash are set aside, so that a real cut a few frames from a flash is
        // judged against the changes around it without the flash's, instead of being outshone by them.
        var inFlash = new bool[frames.Count];
        for (var i = 1; i < frames.Count; i++)
        {
            if (scores[i] < options.CutMinScore || inFlash[i] || FlashSpan(frames, i, flashFrames) is not { } span) continue;
            flashes.Add(span);
            for (var j = span.First; j <= Math.Min(frames.Count - 1, span.Last + 1); j++) inFlash[j] = true;
        }
        float At(int j) => inFlash[j] ? 0 : scores[j];
        var cuts = new List<CutCandidate>();
        var neighbours = new List<float>(2 * window);
        for (var i = 1; i < frames.Count; i++)
        {
            if (inFlash[i] || scores[i] < options.CutQuietMinScore) continue;
            var montage = !IsLocalMaximum(scores, inFlash, i, window);
            if (montage && !IsMontageCut(frames, scores, inFlash, i, window)) continue;
            neighbours.Clear();
            float largest = 0, others = 0;
            for (var j = Math.Max(1, i - window); j <= Math.Min(frames.Count - 1, i + window); j++)
            {
                if (j == i || inFlash[j]) continue;
                // Beside a montage cut, the other cuts are not the motion the median stands for.
                if (!montage || !IsCutLike(frames, scores, inFlash, j)) neighbours.Add(scores[j]);
                largest = Math.Max(largest, scores[j]);
                if (Math.Abs(j - i) > 1) others = Math.Max(others, scores[j]);
            }
            // Between two dark or similar pictures a cut changes little in absolute terms, but in a still stretch
            // it still towers over every other frame change around it: the floor adapts to how quiet the stretch is.
            // The encoder often touches the frame just before a cut; past that, a cut that replaces the layout
            // (structure, not brightness: a dim boxed picture for another) needs to tower only over the rest.
            var quiet = scores[i] >= options.CutQuietRatio * largest
                || (scores[i] >= options.CutQuietRatio * others
                    && GridDistance.Uncorrelated(frames.Grid(i - 1), frames.Grid(i)) >= options.CutNewLayout);
            var floor = scores[i] >= options.CutMinScore ? options.CutMinScore
                : quiet ? options.CutQuietMinScore
                : float.MaxValue;
            var typical = Median(neighbours);
            if (scores[i] < options.CutRatio * typical + floor) continue;
            // A cut happens between two frames; a change that builds up and dies down over the frames either side
            // (a fast move through the picture, a rack focus, a light coming up) is spread over them.
            var adjacent = Math.Max(At(i - 1), i + 1 < frames.Count ? At(i + 1) : 0);
            if (scores[i] < options.CutIsolationRatio * adjacent) continue;
            if (FlashSpan(frames, i, flashFrames) is { } flash)
            {
                flashes.Add(flash);
                continue;
            }
            cuts.Add(new CutCandidate(i, scores[i]));
        }
        return cuts;
    }

    /// <summary>Colour histogram change catches cuts between similar layouts; pixel change catches cuts between similar palettes.</summary>
    public float Score(FrameStats s) => 0.5f * s.HistogramChange + 0.5f * Math.Min(1f, s.PixelChange / options.CutFullPixelChange);

    /// <summary>
    /// Both pictures of a low-contrast pair (a grey street, faded or graded footage) change little in absolute terms
    /// whatever happens between them: their changes are scaled up towards what the same event would measure at
    /// ordinary contrast, so the floors mean the same on every picture. Ratio tests are unaffected (neighbours scale too).
    /// </summary>
    private float ContrastGain(FrameStats before, FrameStats after)
    {
        var contrast = Math.Max(before.LumaStd, after.LumaStd);
        return Math.Clamp(options.CutReferenceContrast / Math.Max(contrast, 1f), 1f, options.CutMaxContrastGain);
    }

    /// <summary>
    /// A cut beside a larger one within the cut window, as montages and trailers cut every few frames: a large change
    /// (<see cref="SegmentationOptions.MontageCutMinScore"/>), the largest of its own frame and the next, after which the
    /// picture has another layout (a caption or a light changing inside the shot keeps its layout). The frames around it
    /// are pictures: beside a black or white frame the fade detector reads a dip, not cuts.
    /// </summary>
    private bool IsMontageCut(FrameFeatureStore frames, float[] scores, bool[] inFlash, int i, int window)
    {
        if (scores[i] < options.MontageCutMinScore || !IsCutLike(frames, scores, inFlash, i)) return false;
        for (var j = Math.Max(0, i - window); j <= Math.Min(frames.Count - 1, i + window); j++)
            if (frames[j].LumaStd <= options.BlankLumaStd) return false;
        return true;
    }

    /// <summary>A full-size change, the largest of its own frame and the next, to another layout.</summary>
    private bool IsCutLike(FrameFeatureStore frames, float[] scores, bool[] inFlash, int i) =>
        scores[i] >= options.CutMinScore && IsLocalMaximum(scores, inFlash, i, 1)
        && GridDistance.Uncorrelated(frames.Grid(i - 1), frames.Grid(i)) >= options.CutNewLayout;

    private static bool IsLocalMaximum(float[] scores, bool[] inFlash, int i, int window)
    {
        for (var j = Math.Max(1, i - window); j <= Math.Min(scores.Length - 1, i + window); j++)
            if (!inFlash[j] && (scores[j] > scores[i] || (scores[j] == scores[i] && j < i))) return false;
        return true;
    }

    // A flash (or any brief insert) is bracketed by the same picture: some frame shortly before the jump
    // matches some frame shortly after it, which never happens across a real cut. The frames between are the flash.
    private (int First, int Last)? FlashSpan(FrameFeatureStore frames, int cut, int flashFrames)
    {
        var jump = GridDistance.MeanAbsolute(frames.Grid(cut - 1), frames.Grid(cut));
        for (var before = cut - 1; before >= Math.Max(0, cut - 1 - flashFrames); before--)
        {
            for (var after = cut; after < Math.Min(frames.Count, before + flashFrames + 2); after++)
            {
                if (after - before < 2) continue;
                var gap = GridDistance.MeanAbsolute(frames.Grid(before), frames.Grid(after));
                if (gap < options.FlashReturnFraction * jump) return (before + 1, after - 1);
            }
        }
        return null;
    }

    private static float Median(List<float> values)
    {
        if (values.Count == 0) return 0;
        values.Sort();
        return values[values.Count / 2];
    }
}
