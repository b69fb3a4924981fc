using Matchcut.Contracts;
using Matchcut.Hosting;
using Matchcut.Hosting.Documents;
using Matchcut.Storage;
using Microsoft.Extensions.Options;

namespace Matchcut.Dedup;

/// <summary>ShotsSegmented -> ShotsDeduplicated: marks blank, too-short and near-duplicate shots dropped, with the reason.</summary>
public sealed class DedupConsumer(StageServices services, ShotDescriptorSource descriptors, IOptions<DedupOptions> options)
    : StageConsumer<ShotsSegmented, ShotsDeduplicated>(services), IStageConsumer
{
    static string IStageConsumer.Stage => PipelineStages.Dedup;
    protected override string Stage => PipelineStages.Dedup;

    protected override string ResultKey(ShotsSegmented m) => AssetKeys.Dedup(m.AssetId);

    protected override async Task<bool> HasResultAsync(ShotsSegmented m, CancellationToken ct) =>
        await Services.Store.TryGetJsonAsync<DedupResult>(AssetKeys.Dedup(m.AssetId), ct) is { } stored && stored.Fingerprint == descriptors.Fingerprint;

    protected override async Task ExecuteAsync(ShotsSegmented m, CancellationToken ct)
    {
        var shots = await Services.Store.TryGetJsonAsync<ShotList>(m.ShotsKey, ct) ?? throw new ObjectNotFoundInStageException(m.ShotsKey);
        var o = options.Value;
        var candidates = shots.Shots.Where(s => !s.Blank && s.DurationSec >= o.MinShotSec).ToList();
        var (descriptor, vectors) = await descriptors.DescribeAsync(m.AssetId, candidates, ct,
            Services.Progress.For(m.AssetId, Stage, "shots", candidates.Count));
        var threshold = descriptor == ShotDescriptorSource.Classical ? o.Threshold : o.NeuralThreshold;
        var verdicts = NearDuplicateGrouper.Group(
            shots.Shots.Select(s => (s.Index, s.DurationSec, s.Blank)).ToList(), i => vectors[i], o with { Threshold = threshold });
        var result = new DedupResult(descriptor, threshold, o.MinShotSec, verdicts, descriptors.Provenance, descriptors.Fingerprint);
        await Services.Store.PutJsonAsync(AssetKeys.Dedup(m.AssetId), result, ct);
    }

    protected override async Task<ShotsDeduplicated> ResultEventAsync(ShotsSegmented m, CancellationToken ct)
    {
        var result = await Services.Store.GetJsonAsync<DedupResult>(AssetKeys.Dedup(m.AssetId), ct);
        return new ShotsDeduplicated(m.AssetId, m.TitleId, AssetKeys.Dedup(m.AssetId), result.Kept.Count());
    }
}
