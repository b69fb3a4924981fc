using Matchcut.Hosting;
using Matchcut.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Matchcut.Index;

/// <summary>
/// An in-process vector index starts empty, so a restarted Index service would answer `similar` with nothing: at
/// start this puts every asset the store records as indexed back into it. /health stays unhealthy until it is done,
/// so no traffic reaches a half-filled index.
/// </summary>
public sealed class IndexRefill(IObjectStore store, ShotIndexer indexer, ILogger<IndexRefill> log) : BackgroundService, IHealthCheck
{
    private volatile string? _state = "refilling the vector index from the store";

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        try
        {
            var count = await RefillAsync(store, indexer, ct);
            log.LogInformation("Vector index refilled from the store: {Count} asset(s)", count);
            _state = null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _state = $"refilling the vector index failed: {e.Message}";
            log.LogError(e, "Refilling the vector index from the store failed");
        }
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default) =>
        Task.FromResult(_state is { } s ? HealthCheckResult.Unhealthy(s) : HealthCheckResult.Healthy());

    /// <summary>Indexes again every asset that has an index result in the store; returns how many assets.</summary>
    public static async Task<int> RefillAsync(IObjectStore store, ShotIndexer indexer, CancellationToken ct)
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var key in store.ListAsync("titles/", ct))
        {
            if (await store.TryGetJsonAsync<TitleAssociation>(key, ct) is not { } a || done.Contains(a.AssetId)) continue;
            if (!await store.ExistsAsync(AssetKeys.Indexed(a.AssetId), ct)) continue;
            await indexer.IndexAsync(a.AssetId, a.TitleId, ct);
            done.Add(a.AssetId);
        }
        return done.Count;
    }
}
