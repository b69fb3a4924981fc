using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Matchcut.Index;

/// <summary>
/// An in-process vector index starts empty, so a restarted Index service would answer `similar` with nothing: at
/// start this puts every asset the store records as indexed back into it. /health stays unhealthy until the pass is
/// done, so no traffic reaches a half-filled index. An asset whose stored results are damaged is left out and named:
/// health says degraded (still ready, so the other assets are served) and the pass tries it again every
/// Index:Refill:RetrySeconds until it can be read.
/// </summary>
public sealed class IndexRefill(ShotReindexer reindexer, IOptions<IndexRefillOptions> options, ILogger<IndexRefill> log) : BackgroundService, IHealthCheck
{
    private volatile string? _unhealthy = "refilling the vector index from the store";
    private volatile string? _degraded;

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        var retry = TimeSpan.FromSeconds(Math.Max(1, options.Value.RetrySeconds));
        IReadOnlySet<string>? pending = null;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var result = await reindexer.ReindexAllAsync(ct, pending);
                log.LogInformation("Vector index refilled from the store: {Count} asset(s)", result.Indexed.Count);
                _unhealthy = null;
                if (result.Damaged.Count == 0)
                {
                    _degraded = null;
                    return;
                }
                _degraded = $"{result.Damaged.Count} asset(s) left out of the vector index, their stored results damaged (trying again every {retry.TotalSeconds:F0} s): "
                            + string.Join("; ", result.Damaged.Take(10).Select(d => $"{d.AssetId ?? "title record"} ({d.TitleId}): {d.Reason}"));
                log.LogError("Refill: {Degraded}", _degraded);
                // Assets named by a damaged title record have no id yet: those passes read every title again.
                pending = result.Damaged.Any(d => d.AssetId is null) ? null : result.Damaged.Select(d => d.AssetId!).ToHashSet(StringComparer.Ordinal);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The store or the index cannot be reached: nothing is served half filled; the next pass tries again.
                _unhealthy = $"refilling the vector index failed: {e.Message}";
                log.LogError(e, "Refilling the vector index from the store failed");
            }
            try
            {
                await Task.Delay(retry, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default) =>
        Task.FromResult(_unhealthy is { } u ? HealthCheckResult.Unhealthy(u)
            : _degraded is { } d ? HealthCheckResult.Degraded(d)
            : HealthCheckResult.Healthy());
}

/// <summary>Index:Refill: how often a refill tries again the assets it could not index.</summary>
public sealed class IndexRefillOptions
{
    /// <summary>Seconds between tries of an asset whose stored results could not be read.</summary>
    public int RetrySeconds { get; set; } = 300;
}
