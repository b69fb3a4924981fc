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
            preFilter: StandardizedProfile.V1.ScaleFilter(probe), skipLoopFilter: options.SkipLoopFilter);
        var buffer = new byte[reader.FrameBytes];
        var features = new FeatureAccumulator(width, height);
        var step = 1 / probe.FrameRate;
        double firstPts = 0, lastPts = 0;
        while (await reader.ReadFrameAsync(buffer, ct))
        {
            var index = features.Count;
            features.Add(buffer);
            frames?.Report(features.Count);
            if (observer is null) continue;
            // A missing showinfo line should not stall analysis: assume the nominal rate for that frame.
            var pts = await reader.TimestampAsync(index, ct) ?? (index == 0 ? 0 : lastPts + step);
            if (index == 0) firstPts = pts;
            lastPts = pts;
            observer.OnFrame(index, pts - firstPts, width, height, buffer.AsSpan(0, reader.FrameBytes));
        }
        await reader.CompleteAsync(ct);
        return features.Complete(reader.Timestamps, probe.FrameRate);
    }
}
