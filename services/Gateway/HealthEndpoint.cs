using Microsoft.Extensions.Diagnostics.HealthChecks;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace Matchcut.Gateway;

/// <summary>
/// The gateway's readiness (/health through the shared defaults): every cluster has a destination that YARP's active
/// health check found healthy (unhealthy otherwise, and while the first probes are still out). Each cluster's state is
/// in the answer's data.
/// </summary>
public sealed class DestinationsHealthCheck(IProxyStateLookup proxy, IActiveHealthCheckMonitor monitor) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var clusters = proxy.GetClusters().ToDictionary(c => c.ClusterId, c => (object)StatusOf(c, monitor.InitialProbeCompleted));
        var healthy = clusters.Count > 0 && clusters.Values.All(s => s is "Healthy" or "Unchecked");
        return Task.FromResult(healthy
            ? HealthCheckResult.Healthy("Every cluster has a healthy destination.", clusters)
            : HealthCheckResult.Unhealthy(clusters.Count == 0 ? "No cluster is configured." : "A cluster has no healthy destination.", data: clusters));
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
