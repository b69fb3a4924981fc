namespace Matchcut.Analysis.Segmentation;

/// <summary>
/// Turns a stream of analysis frames into <see cref="SegmentationFeatures"/>. The standalone analysis decode and the
/// decode shared with the standardized encode both feed frames through it, so they compute the same features.
/// </summary>
internal sealed class FeatureAccumulator(int width, int height)
{
    private readonly FrameFeatureExtractor _extractor = new(width, height);
    private readonly FrameFeatureStore _store = new();

    public int Width => width;
    public int Height => height;
    public int FrameBytes => width * height * 3;
    public int Count => _store.Count;

    /// <summary>Takes the next frame in presentation order (packed RGB24).</summary>
    public void Add(ReadOnlySpan<byte> rgb) => _store.Commit(_extractor.Extract(rgb[..FrameBytes], _store.NextGrid()));

    /// <summary>The features with each frame's time; showinfo gives one per frame, and should any be missing they continue at the nominal rate.</summary>
    public SegmentationFeatures Complete(IReadOnlyList<double> pts, double frameRate)
    {
        if (_store.Count == 0) throw new Media.MediaRejectedException("The video decoded to no frames.");
        var step = 1 / frameRate;
        var times = new double[_store.Count];
        for (var i = 0; i < times.Length; i++)
            times[i] = i < pts.Count ? pts[i] : (i == 0 ? 0 : times[i - 1] + step);
        return new SegmentationFeatures(_store, times, width, height);
    }
}
