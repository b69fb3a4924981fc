using Matchcut.Media;

namespace Matchcut.Analysis.Segmentation;

/// <summary>Decodes a video once at low resolution and splits it into shots with keyframes and descriptors.</summary>
public sealed class ShotAnalyzer(MediaOptions media, SegmentationOptions? options = null)
{
    private readonly SegmentationOptions _options = options ?? new SegmentationOptions();

    /// <summary>Analyses the whole video; every decoded frame is also shown to <paramref name="observer"/>. Corrupt input throws <see cref="MediaRejectedException"/>.</summary>
    public async Task<ShotAnalysis> AnalyzeAsync(string videoPath, VideoProbe probe, IFrameObserver? observer = null, CancellationToken ct = default,
        IProgress<int>? frames = null) =>
        Segment(await ExtractAsync(videoPath, probe, observer, ct, frames), probe);

    /// <summary>The segmentation features of the whole video from one decode of its own (no segmentation yet).</summary>
    public Task<SegmentationFeatures> ExtractAsync(string videoPath, VideoProbe probe, IFrameObserver? observer = null, CancellationToken ct = default,
        IProgress<int>? frames = null) =>
        new FeatureDecoder(media, _options).DecodeAsync(videoPath, probe, observer, ct, frames);

    /// <summary>Finds boundaries and shots in features decoded earlier; decodes nothing.</summary>
    public ShotAnalysis Segment(SegmentationFeatures features, VideoProbe probe)
    {
        var firstPts = features.Pts[0];
        var times = features.Pts.Select(t => t - firstPts).ToArray();
        var frameRate = EffectiveFrameRate(times, probe);
        var (boundaries, shots) = new ShotSegmenter(_options).Segment(features.Frames, times, EndTime(times, frameRate), frameRate);
        return new ShotAnalysis(times.Length, times, firstPts, boundaries, shots);
    }

    // Frame-count windows follow the frames actually decoded: a VFR file with dropped frames has fewer per second than its nominal rate.
    private static double EffectiveFrameRate(double[] times, VideoProbe probe) =>
        times.Length > 1 && times[^1] > 0 ? (times.Length - 1) / times[^1] : probe.FrameRate;

    // The last frame lasts as long as the one before it (one nominal frame when that gap is implausible).
    private static double EndTime(double[] times, double frameRate)
    {
        var step = times.Length > 1 ? times[^1] - times[^2] : 1 / frameRate;
        if (step <= 0 || step > 2 / frameRate) step = 1 / frameRate;
        return times[^1] + step;
    }
}
