using Matchcut.Analysis.Segmentation;
using Matchcut.Pipeline;
using Matchcut.ServiceDefaults;
using Matchcut.Media;
using Matchcut.Storage;

namespace Matchcut.StandardizedEncode;

/// <summary>
/// Encodes a source to the standardized profile and records the frame mapping back to the source; the same decode
/// also gives the segmentation features ShotSegment reads, so the source is decoded once in the whole pipeline.
/// </summary>
public sealed class StandardEncoder(IObjectStore store, MediaOptions media, SegmentationOptions segmentation)
{
    public StandardizedProfile Profile { get; } = StandardizedProfile.Current;

    /// <param name="frames">Told how many source frames are encoded so far, when given.</param>
    /// <param name="sourceKey">Where the source is stored (the message's source feature).</param>
    public async Task EncodeAsync(string assetId, VideoProbe probe, string sourceKey, CancellationToken ct, IProgress<int>? frames = null)
    {
        using var source = await store.OpenLocalFileAsync(sourceKey, ct);
        var input = source.Path;
        Directory.CreateDirectory(media.ScratchFolder);
        var output = Path.Combine(media.ScratchFolder, $"{assetId}-{Profile.Name}-{Guid.NewGuid():N}.mp4");
        var featuresFile = Path.ChangeExtension(output, ".segfeat");
        try
        {
            var (times, features) = await new StandardizeWithAnalysis(media, segmentation).RunAsync(input, probe, Profile, output, ct, frames);
            CheckComplete(probe, times);
            var encoded = await new VideoProber(media).ProbeAsync(output, ct);
            var frameCount = (int)(encoded.FrameCount ?? (long)Math.Round(encoded.DurationSec * Profile.FrameRate));
            var first = times[0];
            var timeline = new StandardTimeline(Profile.Name, Profile.FrameRate, encoded.Width, encoded.Height, frameCount,
                first, times.Select(t => Math.Round(t - first, 6)).ToArray());
            await store.PutFileAsync(StandardizedFeature.Video(assetId, Profile.Name), output, "video/mp4", ct);
            await store.PutJsonAsync(StandardizedFeature.Timeline(assetId, Profile.Name), timeline, ct);
            await using (var file = File.Create(featuresFile)) await features.WriteAsync(file, ct);
            await store.PutFileAsync(FeaturesKey(assetId), featuresFile, "application/octet-stream", ct);
        }
        finally
        {
            File.Delete(output);
            File.Delete(featuresFile);
        }
    }

    /// <summary>Where the segmentation features of the asset's source are stored; written last, so its presence means the stage is done.</summary>
    public string FeaturesKey(string assetId) => StandardizedFeature.SegmentFeatures(assetId, Profile.Name, SegmentationFeatures.Version);

    /// <summary>A source that decodes to well short of its declared duration is truncated: refuse it rather than index half a film.</summary>
    private static void CheckComplete(VideoProbe probe, double[] times)
    {
        if (probe.DurationSec <= 0) return;
        var decodedUntil = times[^1] - times[0] + 1 / probe.FrameRate;
        var missing = probe.DurationSec - decodedUntil;
        if (missing > Math.Max(1.0, 0.05 * probe.DurationSec))
            throw new MediaRejectedException(
                $"Truncated video: frames decode only up to {decodedUntil:F1} s of the {probe.DurationSec:F1} s declared.");
    }
}
