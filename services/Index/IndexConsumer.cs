using Matchcut.Contracts;
using Matchcut.Pipeline;
using Matchcut.ServiceDefaults;
using Matchcut.Storage;
using Matchcut.Stages;

namespace Matchcut.Index;

/// <summary>
/// ShotsScored -> ShotsIndexed: the asset's shots become searchable across titles, and the asset's complete feature
/// manifest is stored for the query side (<see cref="AssetCatalog.GetFeaturesAsync"/>).
/// </summary>
public sealed class IndexConsumer(StageServices services, ShotIndexer indexer)
    : StageConsumer<ShotsScored, ShotsIndexed>(services), IStageConsumer
{
    static string IStageConsumer.Stage => PipelineStages.Index;
    protected override string Stage => PipelineStages.Index;

    /// <summary>Reused only when indexed from the embeddings the message names (a model change re-indexes).</summary>
    protected override async Task<bool> HasResultAsync(ShotsScored m, CancellationToken ct) =>
        await Services.Store.TryGetJsonAsync<IndexedRecord>(IndexFeature.Indexed(m.AssetId), ct) is { } record
        && record.Fingerprint == m.Features.Require(FeatureNames.Embeddings).Fingerprint;

    protected override Task ExecuteAsync(ShotsScored m, CancellationToken ct) => indexer.IndexAsync(m.AssetId, m.TitleId, m.Features, ct);

    protected override async Task<ShotsIndexed> ResultEventAsync(ShotsScored m, CancellationToken ct)
    {
        var record = await Services.Store.GetJsonAsync<IndexedRecord>(IndexFeature.Indexed(m.AssetId), ct);
        var features = m.Features.With(FeatureNames.Indexed, IndexFeature.Ref(m.AssetId, record.Fingerprint));
        // Stored on every pass (not only when indexing ran), so the asset's manifest always names what this message did.
        await Services.Catalog.PutFeaturesAsync(m.AssetId, features, ct);
        return new ShotsIndexed(m.AssetId, m.TitleId, record.Count, features);
    }
}
