using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Matchcut.Gateway;

/// <summary>The gateway's wiring: configuration-driven routes, API keys, per-key rate limits, size limits, CORS, health, the review page.</summary>
public static class Extensions
{
    public const string PerKeyPolicy = "per-key";
    private const string CorsPolicy = "review-page";

    public static WebApplicationBuilder AddGateway(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ProxyConfig>().BindConfiguration("ReverseProxy");
        services.AddOptions<GatewayOptions>().BindConfiguration("Gateway");
        services.AddProblemDetails();
        services.AddSingleton<ResiliencePipelineProvider>();
        services.AddSingleton<ProxyForwarder>();
        services.AddHttpClient(ProxyForwarder.ClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, UseProxy = false })
            .ConfigureHttpClient(c => c.Timeout = Timeout.InfiniteTimeSpan);
        services.AddCors(o => o.AddPolicy(CorsPolicy, p =>
        {
            var origins = builder.Configuration.GetSection("Gateway:CorsOrigins").Get<string[]>() ?? [];
            p.WithOrigins(origins).WithHeaders(ApiKeyMiddleware.Header, CorrelationMiddleware.Header, "Content-Type", "Range")
                .WithMethods("GET", "PUT", "POST").WithExposedHeaders(CorrelationMiddleware.Header, "Location", "Content-Range");
        }));
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(PerKeyPolicy, http =>
            {
                var client = http.Items[ApiKeyMiddleware.ClientItem] as string;
                if (client is null) return RateLimitPartition.GetNoLimiter("anonymous");
                var permits = http.RequestServices.GetRequiredService<IOptionsMonitor<GatewayOptions>>().CurrentValue.ApiKeys[client].PermitPerMinute;
                return RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = permits,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                });
            });
        });
        return builder;
    }

    public static WebApplication UseGateway(this WebApplication app)
    {
        app.UseMiddleware<CorrelationMiddleware>();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseCors(CorsPolicy);
        app.UseMiddleware<ApiKeyMiddleware>();
        app.UseMiddleware<BodySizeLimitMiddleware>();
        app.UseRateLimiter();
        app.MapAggregatedHealth();
        var proxy = app.Services.GetRequiredService<IOptions<ProxyConfig>>().Value;
        foreach (var (routeId, route) in proxy.Routes)
        {
            if (!proxy.Clusters.TryGetValue(route.ClusterId, out var cluster) || cluster.FirstAddress is not { } address)
                throw new InvalidOperationException($"Route '{routeId}' names cluster '{route.ClusterId}', which has no destination.");
            app.Map(route.Match.Path, (HttpContext http, ProxyForwarder forwarder) => forwarder.ForwardAsync(http, address))
                .WithMetadata(new ProxiedRoute(routeId, route.ClusterId))
                .RequireRateLimiting(PerKeyPolicy)
                .RequireCors(CorsPolicy);
        }
        return app;
    }
}
