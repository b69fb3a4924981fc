namespace Matchcut.Analysis.Segmentation;

/// <summary>Turns the final boundaries into shots with times, keyframe, blankness, mean luma and descriptor.</summary>
internal sealed class ShotBuilder(SegmentationOptions options, BlackFrameClassifier black)
{
    private readonly KeyframeSelector _keyframes = new(options, black);
    private readonly ShotDescriptorBuilder _descriptors = new(options);

    public List<AnalyzedShot> Build(FrameFeatureStore frames, double[] times, double endTime, IReadOnlyList<ShotBoundary> boundaries)
    {
        var shots = new List<AnalyzedShot>();
        for (var s = 0; s <= boundaries.Count; s++)
        {
            var opening = s == 0 ? null : boundaries[s - 1];
            var closing = s == boundaries.Count ? null : boundaries[s];
            var start = opening?.Frame ?? 0;
            var end = (closing?.Frame ?? frames.Count) - 1;
            var (first, last) = _keyframes.SteadyRange(start, end, opening, closing);
            double luma = 0;
            var blank = 0;
            for (var f = start; f <= end; f++)
            {
                luma += frames.Luma(f);
                if (black.IsBlank(frames[f])) blank++;
            }
            var count = end - start + 1;
            shots.Add(new AnalyzedShot(
                s, start, end, times[start], closing is null ? endTime : times[closing.Frame],
                _keyframes.Select(frames, first, last),
                blank >= options.BlankShotFraction * count,
                luma / count,
                _descriptors.Build(frames, first, last),
                _descriptors.BuildFrames(frames, first, last)));
        }
        return shots;
    }
}
