using Matchcut.Media;

namespace Matchcut.Analysis.Segmentation;

/// <summary>Streams the source once through a small RGB pipe, keeping only compact features and showing each frame to an observer.
/// The pipeline gets the same features from the decode it shares with the standardized encode (<see cref="StandardizeWithAnalysis"/>).</summary>
internal sealed class FeatureDecoder(MediaOptions media, SegmentationOptions options)
{
    public async Task<SegmentationFeatures> DecodeAsync(string videoPath, VideoProbe probe, IFrameObserver? observer, CancellationToken ct, IProgress<int>? frames = null)
    {
        var (width, height) = probe.SizeForWidth(options.AnalysisWidth);
        // Scaled as the standardized encode scales, then shrunk: the pictures the decode shared with that encode gives.
        await using var reader = RawFrameReader.Open(media, videoPath, width, height, RawPixelFormat.Rgb24,
            preFilter: StandardizedProfile.Current.ScaleFilter(probe), skipLoopFilter: options.SkipLoopFilter);
        var features = new FeatureAccumulator(width, height);
        var step = 1 / probe.FrameRate;
        double firstPts = 0, lastPts = 0;
        // Read and extract on the reader's own thread: the decode keeps every core busy.
        await reader.ReadAllAsync((index, frame) =>
        {
            features.Add(frame);
            frames?.Report(features.Count);
            if (observer is null) return;
            // A missing showinfo line should not stall analysis: assume the nominal rate for that frame.
            var pts = reader.TimestampAsync(index, ct).AsTask().GetAwaiter().GetResult() ?? (index == 0 ? 0 : lastPts + step);
            if (index == 0) firstPts = pts;
            lastPts = pts;
            observer.OnFrame(index, pts - firstPts, width, height, frame.AsSpan(0, reader.FrameBytes));
        }, ct);
        await reader.CompleteAsync(ct);
        return features.Complete(reader.Timestamps, probe.FrameRate);
    }
}
