using Matchcut.Encoders;
using Matchcut.Encoders.Shots;
using Matchcut.Hosting;
using Matchcut.Hosting.Documents;
using Matchcut.Media;
using Matchcut.Storage;
using Microsoft.Extensions.Options;

namespace Matchcut.Dedup;

/// <summary>
/// The descriptor dedup compares shots by, as several vectors per shot: the neural frame vector when the models are
/// installed (one per shot: the models keep only the shot mean), else the segmenter's colour layout of single frames
/// spread over the shot. The models' per-shot outputs are stored (AssetKeys.Vision), so EmbedGpu reuses them instead of
/// running the models on the same frames again.
/// </summary>
public sealed class ShotDescriptorSource(IObjectStore store, VisionModelsProvider provider, ShotVideoAnalyzer analyzer, IOptions<EncodingOptions> encoding)
{
    public const string Classical = "colour-layout";

    public async Task<(string Descriptor, IReadOnlyDictionary<int, IReadOnlyList<float[]>> Vectors)> DescribeAsync(
        string assetId, IReadOnlyList<ShotRecord> shots, CancellationToken ct, IProgress<int>? shotsDone = null)
    {
        var models = provider.Models;
        if (models is null || shots.Count == 0) return (Classical, shots.ToDictionary(s => s.Index, ClassicalVectors));

        var options = encoding.Value;
        var profile = StandardizedProfile.V1.Name;
        var timeline = await store.TryGetJsonAsync<StandardTimeline>(AssetKeys.Timeline(assetId, profile), ct)
                       ?? throw new ObjectNotFoundInStageException(AssetKeys.Timeline(assetId, profile));
        var video = await store.GetLocalPathAsync(AssetKeys.StandardVideo(assetId, profile), ct);
        // The clean part (outside fades and dissolves) is what the shot shows; its frames feed the models and the flow.
        var spans = shots.Select(s => new ShotSpan(s.Index, s.StdCleanFirst, s.StdCleanLast, Math.Clamp(s.StdKeyframe, s.StdCleanFirst, s.StdCleanLast))).ToList();
        var analysis = await analyzer.AnalyzeAsync(video, timeline.Width, timeline.Height, timeline.FrameRate,
            spans, models, [], null, [], options, ct, shotsDone);
        var set = new ShotVisionSet(models.Fingerprint, options.FramesPerShot, analysis.Vision.Values.OrderBy(v => v.Shot).ToList());
        await store.PutJsonAsync(AssetKeys.Vision(assetId), set, ct);
        return (FrameVector.Method, set.Shots.ToDictionary(v => v.Shot,
            v => (IReadOnlyList<float[]>)[FrameVector.Combine(v, options.SegmenterWeight, options.DetectorWeight)]));
    }

    // Shots stored before the segmenter described single frames carry only the shot descriptor.
    private static IReadOnlyList<float[]> ClassicalVectors(ShotRecord s) => s.FrameDescriptors.Count > 0 ? s.FrameDescriptors : [s.Descriptor];
}
