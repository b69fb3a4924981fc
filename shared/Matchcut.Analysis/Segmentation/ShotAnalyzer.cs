using Matchcut.Media;

namespace Matchcut.Analysis.Segmentation;

/// <summary>Decodes a video once at low resolution and splits it into shots with keyframes and descriptors.</summary>
public sealed class ShotAnalyzer(MediaOptions media, SegmentationOptions? options = null)
{
    private readonly SegmentationOptions _options = options ?? new SegmentationOptions();

    /// <summary>Analyses the whole video; every decoded frame is also shown to <paramref name="observer"/>. Corrupt input throws <see cref="MediaRejectedException"/>.</summary>
    public async Task<ShotAnalysis> AnalyzeAsync(string videoPath, VideoProbe probe, IFrameObserver? observer = null, CancellationToken ct = default,
        IProgress<int>? frames = null)
    {
        var decoded = await new FeatureDecoder(media, _options).DecodeAsync(videoPath, probe, observer, ct, frames);
        var firstPts = decoded.Pts[0];
        var times = decoded.Pts.Select(t => t - firstPts).ToArray();
        var frameRate = EffectiveFrameRate(times, probe);
        var (boundaries, shots) = new ShotSegmenter(_options).Segment(decoded.Frames, times, EndTime(times, frameRate), frameRate);
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
