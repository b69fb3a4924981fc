using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Matchcut.Gateway;

/// <summary>
/// Applies the gateway's rules to every YARP route and cluster from configuration, on start and on every reload:
/// each route gets the CORS and per-key rate-limit policies; a cluster without its own activity timeout gets
/// <see cref="GatewayOptions.TimeoutSeconds"/>.
/// </summary>
public sealed class GatewayConfigFilter(IOptionsMonitor<GatewayOptions> options) : IProxyConfigFilter
{
    public ValueTask<RouteConfig> ConfigureRouteAsync(RouteConfig route, ClusterConfig? cluster, CancellationToken ct) =>
        ValueTask.FromResult(route with
        {
            CorsPolicy = route.CorsPolicy ?? Extensions.CorsPolicy,
            RateLimiterPolicy = route.RateLimiterPolicy ?? Extensions.PerKeyPolicy,
        });

    public ValueTask<ClusterConfig> ConfigureClusterAsync(ClusterConfig cluster, CancellationToken ct)
    {
        if (cluster.HttpRequest?.ActivityTimeout is not null) return ValueTask.FromResult(cluster);
        var request = (cluster.HttpRequest ?? new ForwarderRequestConfig()) with { ActivityTimeout = TimeSpan.FromSeconds(options.CurrentValue.TimeoutSeconds) };
        return ValueTask.FromResult(cluster with { HttpRequest = request });
    }
}

/// <summary>YARP's client to the destinations, with <see cref="RetryingHandler"/> in front of the socket handler.</summary>
public sealed class GatewayHttpClientFactory(ILogger<ForwarderHttpClientFactory> log, IOptionsMonitor<GatewayOptions> options) : ForwarderHttpClientFactory(log)
{
    protected override HttpMessageHandler WrapHandler(ForwarderHttpClientContext context, HttpMessageHandler handler) =>
        new RetryingHandler(base.WrapHandler(context, handler), () => options.CurrentValue.Retries);
}

/// <summary>What every forwarded request gets: the caller's key and any claimed identity or forwarding headers removed, ours set.</summary>
public static class GatewayTransforms
{
    public const string ClientHeader = "X-Gateway-Client";

    public static void Apply(TransformBuilderContext context)
    {
        // The service trusts the gateway, not the caller's key.
        context.AddRequestHeaderRemove(ApiKeyMiddleware.Header);
        // X-Forwarded-For/-Proto/-Host/-Prefix describe this hop only; RFC 7239 Forwarded from the caller is dropped.
        context.AddXForwarded(ForwardedTransformActions.Set);
        context.AddRequestHeaderRemove("Forwarded");
        context.AddRequestTransform(t =>
        {
            var headers = t.ProxyRequest.Headers;
            headers.Remove(ClientHeader);
            if (t.HttpContext.Items[ApiKeyMiddleware.ClientItem] is ApiKeyRing.Client client) headers.TryAddWithoutValidation(ClientHeader, client.Name);
            // Headers the caller named in Connection are for the first hop only (RFC 9110 7.6.1), but never ours or
            // those that frame the request: naming them must not drop the client name or break the body (502).
            foreach (var named in t.HttpContext.Request.Headers.Connection.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))
            {
                if (!KeptDespiteConnection(named)) headers.Remove(named);
            }
            ForwardRawTarget(t);
            return ValueTask.CompletedTask;
        });
    }

    private static readonly HashSet<string> Kept = new(StringComparer.OrdinalIgnoreCase)
    {
        ClientHeader, CorrelationMiddleware.Header, "Host", "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "X-Forwarded-Prefix",
    };

    // Content headers describe the body YARP streams on; the gateway's own are set for the next hop.
    private static bool KeptDespiteConnection(string name) =>
        Kept.Contains(name) || name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase) || name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase);

    // YARP rebuilds the upstream path from the decoded path; the exact target the caller sent is forwarded instead,
    // so %2F, %3F, %23 and %25 in a segment reach the same upstream endpoint (unless a route transform changed the path).
    private static void ForwardRawTarget(RequestTransformContext t)
    {
        var request = t.HttpContext.Request;
        var raw = t.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget;
        if (raw is null || !raw.StartsWith('/') || request.PathBase.HasValue || t.Path != request.Path || t.Query.QueryString != request.QueryString) return;
        t.ProxyRequest.RequestUri = new Uri(t.DestinationPrefix.TrimEnd('/') + raw, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
    }
}
