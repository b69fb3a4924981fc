using Matchcut.Contracts;
using Matchcut.Pipeline;
using Matchcut.ServiceDefaults;
using Matchcut.Storage;
using Microsoft.Extensions.Options;
using Matchcut.Stages;

namespace Matchcut.Dedup;

/// <summary>ShotsSegmented -> ShotsDeduplicated: marks blank, too-short and near-duplicate shots dropped, with the reason.</summary>
public sealed class DedupConsumer(StageServices services, ShotDescriptorSource descriptors, TextDifference text, IOptions<DedupOptions> options)
    : StageConsumer<ShotsSegmented, ShotsDeduplicated>(services), IStageConsumer
{
    static string IStageConsumer.Stage => PipelineStages.Dedup;
    protected override string Stage => PipelineStages.Dedup;

    /// <summary>The descriptors', and the text check's when the text models are on.</summary>
    private string Fingerprint => text.Method is { } t ? $"{descriptors.Fingerprint}|text:{t}" : descriptors.Fingerprint;

    protected override async Task<bool> HasResultAsync(ShotsSegmented m, CancellationToken ct) =>
        await Services.Store.TryGetJsonAsync<DedupResult>(DedupFeature.Dedup(m.AssetId), ct) is { } stored && stored.Fingerprint == Fingerprint
        && (!descriptors.StoresFrameVectors || await Services.Store.ExistsAsync(DedupFeature.FrameVectors(m.AssetId), ct));

    protected override async Task ExecuteAsync(ShotsSegmented m, CancellationToken ct)
    {
        var shotsKey = m.Features.Require(FeatureNames.Shots).Key;
        var shots = await Services.Store.TryGetJsonAsync<ShotList>(shotsKey, ct) ?? throw new ObjectNotFoundInStageException(shotsKey);
        var o = options.Value;
        var candidates = shots.Shots.Where(s => !s.Blank && s.DurationSec >= o.MinShotSec).ToList();
        var (descriptor, vectors) = await descriptors.DescribeAsync(m.AssetId, m.Features, candidates, ct,
            Services.Progress.For(m.AssetId, Stage, "shots", candidates.Count));
        var threshold = descriptor == ShotDescriptorSource.Classical ? o.Threshold : o.NeuralThreshold;
        var verdicts = await NearDuplicateGrouper.GroupAsync(
            shots.Shots.Select(s => (s.Index, s.DurationSec, s.Blank)).ToList(), i => vectors[i], o with { Threshold = threshold }, text.For(shots.Shots), ct);
        var result = new DedupResult(descriptor, threshold, o.MinShotSec, verdicts, descriptors.Provenance, Fingerprint) { TextCheck = text.Method };
        await Services.Store.PutJsonAsync(DedupFeature.Dedup(m.AssetId), result, ct);
    }

    /// <summary>The verdicts, and the frame vectors when the neural encoder judged (EmbedGpu reuses them).</summary>
    protected override async Task<ShotsDeduplicated> ResultEventAsync(ShotsSegmented m, CancellationToken ct)
    {
        var result = await Services.Store.GetJsonAsync<DedupResult>(DedupFeature.Dedup(m.AssetId), ct);
        var features = m.Features.With(FeatureNames.Dedup, DedupFeature.Ref(m.AssetId, Fingerprint));
        if (descriptors.StoresFrameVectors) features = features.With(FeatureNames.FrameVectors, DedupFeature.FramesRef(m.AssetId, descriptors.Fingerprint));
        return new ShotsDeduplicated(m.AssetId, m.TitleId, result.Kept.Count(), features);
    }
}
