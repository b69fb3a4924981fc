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
    /// completed by Index) are left out. An asset whose stored results cannot be read or indexed is reported in
    /// <see cref="ReindexResult.Damaged"/> and the others go on. <paramref name="only"/> limits the pass to those assets.
    /// </summary>
    public async Task<ReindexResult> ReindexAllAsync(CancellationToken ct, IReadOnlySet<string>? only = null)
    {
        var first = new Dictionary<string, TitleAssociation>(StringComparer.Ordinal);
        var damaged = new List<DamagedAsset>();
        await foreach (var key in store.ListAsync("titles/", ct))
        {
            if (key.Split('/') is not [_, _, var file] || !file.EndsWith(".json", StringComparison.Ordinal)) continue;
            TitleAssociation? a;
            try
            {
                a = await store.TryGetJsonAsync<TitleAssociation>(key, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException && !IsUnreachable(e))
            {
                log.LogError("Re-index: {Key} cannot be read ({Reason}); left out", key, e.Message);
                damaged.Add(new DamagedAsset(key.Split('/')[1], null, $"{key} cannot be read: {e.Message}"));
                continue;
            }
            if (a is null || (only is not null && !only.Contains(a.AssetId))) continue;
            if (!first.TryGetValue(a.AssetId, out var known) || a.LandedAt < known.LandedAt) first[a.AssetId] = a;
        }
        var done = new List<IndexedAsset>();
        foreach (var a in first.Values.OrderBy(a => a.LandedAt))
        {
            try
            {
                if (await catalog.GetFeaturesAsync(a.AssetId, ct) is not { } features)
                {
                    log.LogInformation("Re-index: {Asset} ({Title}) has no stored feature manifest (never indexed); left out", a.AssetId, a.TitleId);
                    continue;
                }
                var shots = await indexer.IndexAsync(a.AssetId, a.TitleId, features, ct);
                log.LogInformation("Re-index: {Asset} ({Title}): {Shots} shots", a.AssetId, a.TitleId, shots);
                done.Add(new IndexedAsset(a.TitleId, a.AssetId, shots));
            }
            catch (Exception e) when (e is not OperationCanceledException && !IsUnreachable(e))
            {
                // One asset's damaged results must not keep every other asset out of the index.
                log.LogError("Re-index: {Asset} ({Title}) cannot be indexed from its stored results ({Reason}); left out", a.AssetId, a.TitleId, e.Message);
                damaged.Add(new DamagedAsset(a.TitleId, a.AssetId, e.Message));
            }
        }
        return new ReindexResult(done, damaged);
    }

    /// <summary>The store or the vector index cannot be reached: the whole pass fails, nothing is blamed on one asset.</summary>
    private static bool IsUnreachable(Exception e) =>
        e is HttpRequestException or System.Net.Sockets.SocketException or TimeoutException || e.InnerException is { } i && IsUnreachable(i);
}

/// <summary>What a re-index pass put back, and what it could not.</summary>
public sealed record ReindexResult(IReadOnlyList<IndexedAsset> Indexed, IReadOnlyList<DamagedAsset> Damaged);

public sealed record IndexedAsset(string TitleId, string AssetId, int Shots);

/// <summary>An asset (or a title record, then <see cref="AssetId"/> is null) whose stored results could not be indexed, and why.</summary>
public sealed record DamagedAsset(string TitleId, string? AssetId, string Reason);
