using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace Matchcut.Gateway;

/// <summary>
/// /alive: the gateway process answers. /health: ready, i.e. every cluster has a destination that YARP's active
/// health check found healthy (503 otherwise, and while the first probes are still out).
/// </summary>
public static class HealthEndpoint
{
    public static void MapGatewayHealth(this WebApplication app)
    {
        app.MapGet("/alive", () => Results.Json(new { status = "Healthy" }));
        app.MapGet("/health", (IProxyStateLookup proxy, IActiveHealthCheckMonitor monitor) =>
        {
            var clusters = proxy.GetClusters().ToDictionary(c => c.ClusterId, c => StatusOf(c, monitor.InitialProbeCompleted));
            var healthy = clusters.Count > 0 && clusters.Values.All(s => s is "Healthy" or "Unchecked");
            return Results.Json(new { status = healthy ? "Healthy" : "Unhealthy", gateway = "Healthy", clusters }, statusCode: healthy ? 200 : 503);
        });
    }

    private static string StatusOf(ClusterState cluster, bool probed)
    {
        var destinations = cluster.DestinationsState.AllDestinations;
        if (destinations.Count == 0) return "Unconfigured";
        if (cluster.Model.Config.HealthCheck?.Active?.Enabled != true) return "Unchecked";
        if (destinations.Any(d => d.Health.Active == DestinationHealth.Healthy)) return "Healthy";
        return !probed || destinations.All(d => d.Health.Active == DestinationHealth.Unknown) ? "Unknown" : "Unhealthy";
    }
}
