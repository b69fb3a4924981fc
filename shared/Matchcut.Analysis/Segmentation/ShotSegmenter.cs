namespace Matchcut.Analysis.Segmentation;

/// <summary>Runs the detectors over a video's features in order (cuts, black, soft transitions, merging) and builds the shots.</summary>
internal sealed class ShotSegmenter(SegmentationOptions options)
{
    private readonly BlackFrameClassifier _black = new(options);

    public (List<ShotBoundary> Boundaries, List<AnalyzedShot> Shots) Segment(FrameFeatureStore frames, double[] times, double endTime, double frameRate)
    {
        var cuts = new HardCutDetector(options).Detect(frames, frameRate, out var flashes);
        var boundaries = new FadeDetector(options, _black).Detect(frames, times, cuts, flashes, out var blackRanges);
        boundaries.AddRange(cuts.Select(c => new DetectedBoundary(new(c.Frame, TransitionKind.Cut, c.Frame, c.Frame), c.Score)));
        var hard = boundaries.Where(b => b.Boundary.Kind == TransitionKind.Cut).Select(b => b.Frame).ToList();
        boundaries.AddRange(new GradualTransitionDetector(options).Detect(frames, frameRate, hard, blackRanges, flashes));
        var kept = new MinimumShotMerger(options).Merge(boundaries, times, endTime).Select(b => b.Boundary).ToList();
        return (kept, new ShotBuilder(options, _black).Build(frames, times, endTime, kept));
    }
}
