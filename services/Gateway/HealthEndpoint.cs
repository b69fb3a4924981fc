using Microsoft.Extensions.Options;

namespace Matchcut.Gateway;

/// <summary>/health: the gateway plus each cluster's /health; 503 when any cluster is not healthy.</summary>
public static class HealthEndpoint
{
    public static void MapAggregatedHealth(this WebApplication app) => app.MapGet("/health", async (IHttpClientFactory clients, IOptionsMonitor<ProxyConfig> proxy, CancellationToken ct) =>
    {
        var client = clients.CreateClient(ProxyForwarder.ClientName);
        var checks = await Task.WhenAll(proxy.CurrentValue.Clusters.Select(async c => (c.Key, Status: await CheckAsync(client, c.Value.FirstAddress, ct))));
        var healthy = checks.All(c => c.Status == "Healthy");
        return Results.Json(new { status = healthy ? "Healthy" : "Unhealthy", gateway = "Healthy", clusters = checks.ToDictionary(c => c.Key, c => c.Status) },
            statusCode: healthy ? 200 : 503);
    });

    private static async Task<string> CheckAsync(HttpClient client, Uri? address, CancellationToken ct)
    {
        if (address is null) return "Unconfigured";
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            using var response = await client.GetAsync(new Uri(address, "health"), timeout.Token);
            return response.IsSuccessStatusCode ? "Healthy" : "Unhealthy";
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return "Unreachable";
        }
    }
}
