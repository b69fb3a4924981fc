using Matchcut.Contracts;
using Matchcut.Hosting;
using Matchcut.Hosting.Documents;
using Matchcut.Storage;

namespace Matchcut.Index;

/// <summary>ShotsScored -> ShotsIndexed: the asset's shots become searchable across titles.</summary>
public sealed class IndexConsumer(StageServices services, ShotIndexer indexer)
    : StageConsumer<ShotsScored, ShotsIndexed>(services), IStageConsumer
{
    static string IStageConsumer.Stage => PipelineStages.Index;
    protected override string Stage => PipelineStages.Index;

    protected override string ResultKey(ShotsScored m) => AssetKeys.Indexed(m.AssetId);

    /// <summary>Reused only when indexed from the current embeddings (a model change re-indexes).</summary>
    protected override async Task<bool> HasResultAsync(ShotsScored m, CancellationToken ct) =>
        await Services.Store.TryGetJsonAsync<IndexedMarker>(AssetKeys.Indexed(m.AssetId), ct) is { } marker
        && await Services.Store.TryGetJsonAsync<EmbeddingSet>(AssetKeys.Embeddings(m.AssetId), ct) is { } set && marker.Fingerprint == set.Fingerprint;

    private sealed record IndexedMarker(string? Fingerprint);

    protected override Task ExecuteAsync(ShotsScored m, CancellationToken ct) => indexer.IndexAsync(m.AssetId, m.TitleId, ct);

    protected override async Task<ShotsIndexed> ResultEventAsync(ShotsScored m, CancellationToken ct)
    {
        var set = await Services.Store.GetJsonAsync<EmbeddingSet>(AssetKeys.Embeddings(m.AssetId), ct);
        return new ShotsIndexed(m.AssetId, m.TitleId, set.ShotIndices.Count);
    }
}
