namespace Matchcut.Analysis.Segmentation;

/// <summary>
/// Turns black and white runs into boundaries: a fade-out ends its shot at the first black (or white) frame, a fade-in
/// starts the next at its first frame, a stretch too short to be a shot becomes one dip (or nothing, when the same
/// picture comes back: a flash), and the opening fade-in belongs to the first shot.
/// </summary>
internal sealed class FadeDetector(SegmentationOptions options, BlackFrameClassifier black)
{
    /// <summary>
    /// Boundaries from black and white runs; cut candidates at a run's edges are taken over (removed from <paramref name="cuts"/>).
    /// A white run inside one of <paramref name="flashes"/> (spans the cut detector looked through: the same picture either
    /// side) is that flash.
    /// </summary>
    public List<DetectedBoundary> Detect(FrameFeatureStore frames, double[] times, List<CutCandidate> cuts, IReadOnlyList<(int First, int Last)> flashes,
        out List<(int First, int Last)> blackRanges)
    {
        var found = new List<DetectedBoundary>();
        blackRanges = [];
        var last = frames.Count - 1;
        foreach (var (first, end, white) in black.FindRuns(frames))
        {
            // A white flash: looked through, and a cut right next to it stays the cut detector's.
            if (white && flashes.Any(f => f.First <= end && first <= f.Last)) continue;
            var entryCut = TakeCut(cuts, first);
            var exitCut = end < last ? TakeCut(cuts, end + 1) : null;
            var fadeOutStart = entryCut is null && first > 0 ? RampStart(frames, first, white) : first;
            var fadeInEnd = exitCut is null && end < last ? RampEnd(frames, end + 1, white) : end + 1;
            blackRanges.Add((fadeOutStart, Math.Min(last, fadeInEnd)));
            if (first == 0)
            {
                // Opening black: a hard cut out of it is a real boundary (title card), a fade-in is the first shot's start.
                if (exitCut is { } c) found.Add(new(new(c.Frame, TransitionKind.Cut, c.Frame, c.Frame), c.Score));
                continue;
            }
            var entry = entryCut is { } ec
                ? new DetectedBoundary(new(first, TransitionKind.Cut, first, first), ec.Score)
                : new DetectedBoundary(new(first, TransitionKind.FadeOut, fadeOutStart, first), options.FadeStrength);
            if (end == last) { found.Add(entry); continue; }
            var exit = exitCut is { } xc
                ? new DetectedBoundary(new(end + 1, TransitionKind.Cut, end + 1, end + 1), xc.Score)
                : new DetectedBoundary(new(end + 1, TransitionKind.FadeIn, end + 1, fadeInEnd), options.FadeStrength);
            if (times[end + 1] - times[first] >= options.MinShotSeconds)
            {
                found.Add(entry);
                found.Add(exit);
                continue;
            }
            // Too short to be a shot: one dip, unless the picture after it is the one before it. The pictures are
            // compared outside the ramps even when a steep ramp step was taken as a cut: a frame half-way to black is
            // a darker copy of almost anything and would pass for "the same picture in other light".
            var before = frames.Grid(Math.Max(0, RampStart(frames, first, white) - 1));
            var after = frames.Grid(Math.Min(last, RampEnd(frames, end + 1, white) + 1));
            if (GridDistance.MeanAbsolute(before, after) < options.SamePictureDistance || SamePictureInOtherLight(before, after)) continue;
            found.Add(new(new((first + end + 1) / 2, white ? TransitionKind.DipToWhite : TransitionKind.DipToBlack, fadeOutStart, fadeInEnd), options.FadeStrength));
        }
        return found;
    }

    // A gain alone explains most of the change between a dark (or near-flat) picture and any other: a dim boxed
    // shot or a pale sky "is" the next shot darkened. Only a picture that also keeps its pattern is the same one.
    private bool SamePictureInOtherLight(ReadOnlySpan<byte> before, ReadOnlySpan<byte> after) =>
        GridDistance.UnexplainedByGain(before, after) < options.SamePictureUnexplained
        && GridDistance.Uncorrelated(before, after) < options.SamePictureUnexplained;

    private static CutCandidate? TakeCut(List<CutCandidate> cuts, int frame)
    {
        var i = cuts.FindIndex(c => Math.Abs(c.Frame - frame) <= 1);
        if (i < 0) return null;
        var cut = cuts[i];
        cuts.RemoveAt(i);
        return cut;
    }

    // Walk back while the picture keeps getting darker (brighter, towards white) towards the run: that is the fade-out.
    private int RampStart(FrameFeatureStore frames, int firstInRun, bool white)
    {
        var f = firstInRun;
        while (f > 0 && Towards(frames.Luma(f - 1), frames.Luma(f), white)) f--;
        return f;
    }

    private int RampEnd(FrameFeatureStore frames, int firstLit, bool white)
    {
        var f = firstLit;
        while (f < frames.Count - 1 && Towards(frames.Luma(f + 1), frames.Luma(f), white)) f++;
        return f;
    }

    // Whether the step from a picture of luma `away` to one of luma `near` goes towards black (or white).
    private bool Towards(float away, float near, bool white) =>
        white ? away < near - options.FadeStepLuma : away > near + options.FadeStepLuma;
}
