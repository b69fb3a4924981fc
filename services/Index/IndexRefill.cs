using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Matchcut.Index;

/// <summary>
/// An in-process vector index starts empty, so a restarted Index service would answer `similar` with nothing: at
/// start this puts every asset the store records as indexed back into it. /health stays unhealthy until it is done,
/// so no traffic reaches a half-filled index.
/// </summary>
public sealed class IndexRefill(ShotReindexer reindexer, ILogger<IndexRefill> log) : BackgroundService, IHealthCheck
{
    private volatile string? _state = "refilling the vector index from the store";

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        try
        {
            var count = (await reindexer.ReindexAllAsync(ct)).Count;
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
}
