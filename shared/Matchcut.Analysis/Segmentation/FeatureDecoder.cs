using Matchcut.Media;

namespace Matchcut.Analysis.Segmentation;

/// <summary>Streams the source once through a small RGB pipe, keeping only compact features and showing each frame to an observer.</summary>
internal sealed class FeatureDecoder(MediaOptions media, SegmentationOptions options)
{
    public async Task<DecodedFeatures> DecodeAsync(string videoPath, VideoProbe probe, IFrameObserver? observer, CancellationToken ct, IProgress<int>? frames = null)
    {
        var (width, height) = probe.SizeForWidth(options.AnalysisWidth);
        await using var reader = RawFrameReader.Open(media, videoPath, width, height, RawPixelFormat.Rgb24,
            skipLoopFilter: options.SkipLoopFilter);
        var buffer = new byte[reader.FrameBytes];
        var extractor = new FrameFeatureExtractor(width, height);
        var store = new FrameFeatureStore();
        var step = 1 / probe.FrameRate;
        double firstPts = 0, lastPts = 0;
        while (await reader.ReadFrameAsync(buffer, ct))
        {
            var index = store.Count;
            store.Commit(extractor.Extract(buffer, store.NextGrid()));
            frames?.Report(store.Count);
            if (observer is null) continue;
            // A missing showinfo line should not stall analysis: assume the nominal rate for that frame.
            var pts = await reader.TimestampAsync(index, ct) ?? (index == 0 ? 0 : lastPts + step);
            if (index == 0) firstPts = pts;
            lastPts = pts;
            observer.OnFrame(index, pts - firstPts, width, height, buffer.AsSpan(0, reader.FrameBytes));
        }
        await reader.CompleteAsync(ct);
        if (store.Count == 0) throw new MediaRejectedException("The video decoded to no frames.");
        return new DecodedFeatures(store, CompleteTimes(reader.Timestamps, store.Count, step));
    }

    // showinfo gives one time per frame; should any be missing, extend at the nominal rate rather than fail.
    private static double[] CompleteTimes(IReadOnlyList<double> pts, int frames, double step)
    {
        var times = new double[frames];
        for (var i = 0; i < frames; i++)
            times[i] = i < pts.Count ? pts[i] : (i == 0 ? 0 : times[i - 1] + step);
        return times;
    }
}
