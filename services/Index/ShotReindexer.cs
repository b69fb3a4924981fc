using Matchcut.Pipeline;
using Matchcut.ServiceDefaults;
using Matchcut.Storage;
using Microsoft.Extensions.Logging;

namespace Matchcut.Index;

/// <summary>
/// Indexes again, from the object store, every asset the pipeline completed (its feature manifest is stored), under the title it first landed as: how a new
/// vector index (a new Qdrant collection after a model changed a flavour's width, or a fresh in-process snapshot) is filled
/// without running the pipeline again.
/// </summary>
public sealed class ShotReindexer(IObjectStore store, AssetCatalog catalog, ShotIndexer indexer, ILogger<ShotReindexer> log)
{
    /// <summary>
    /// Shots indexed per asset, each under the title it first landed as (as the pipeline indexes it: a later landing of the
    /// same content reuses the stored results), from the features its stored manifest names; assets without one (never
    /// completed by Index) are left out.
    /// </summary>
    public async Task<IReadOnlyList<(string TitleId, string AssetId, int Shots)>> ReindexAllAsync(CancellationToken ct)
    {
        var first = new Dictionary<string, TitleAssociation>(StringComparer.Ordinal);
        await foreach (var key in store.ListAsync("titles/", ct))
        {
            if (key.Split('/') is not [_, _, var file] || !file.EndsWith(".json", StringComparison.Ordinal)) continue;
            if (await store.TryGetJsonAsync<TitleAssociation>(key, ct) is not { } a) continue;
            if (!first.TryGetValue(a.AssetId, out var known) || a.LandedAt < known.LandedAt) first[a.AssetId] = a;
        }
        var done = new List<(string, string, int)>();
        foreach (var a in first.Values.OrderBy(a => a.LandedAt))
        {
            if (await catalog.GetFeaturesAsync(a.AssetId, ct) is not { } features)
            {
                log.LogInformation("Re-index: {Asset} ({Title}) has no stored feature manifest (never indexed); left out", a.AssetId, a.TitleId);
                continue;
            }
            var shots = await indexer.IndexAsync(a.AssetId, a.TitleId, features, ct);
            log.LogInformation("Re-index: {Asset} ({Title}): {Shots} shots", a.AssetId, a.TitleId, shots);
            done.Add((a.TitleId, a.AssetId, shots));
        }
        return done;
    }
}
