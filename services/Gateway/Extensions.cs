using System.Threading.RateLimiting;
using Matchcut.ServiceDefaults;

namespace Matchcut.Gateway;

/// <summary>
/// The gateway: YARP forwards the configured routes ("ReverseProxy"); ours runs as middleware before it
/// (correlation id, CORS, API keys, body limits, per-key rate limits), plus health and the review page.
/// </summary>
public static class Extensions
{
    public const string PerKeyPolicy = "per-key";
    public const string CorsPolicy = "review-page";

    public static WebApplicationBuilder AddGateway(this WebApplicationBuilder builder)
    {
        // Health, tracing and metrics as every service has them; readiness is the destinations' health.
        builder.AddMatchcutDefaults();
        var services = builder.Services;
        services.AddHealthChecks().AddCheck<DestinationsHealthCheck>("destinations");
        services.AddMatchcutOptions<GatewayOptions>("Gateway");
        services.AddProblemDetails();
        services.AddSingleton<ApiKeyRing>();
        services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddConfigFilter<GatewayConfigFilter>()
            .AddTransforms(GatewayTransforms.Apply);
        services.AddSingleton<Yarp.ReverseProxy.Forwarder.IForwarderHttpClientFactory, GatewayHttpClientFactory>();
        services.AddCors(o => o.AddPolicy(CorsPolicy, p =>
        {
            var origins = builder.Configuration.GetSection("Gateway:CorsOrigins").Get<string[]>() ?? [];
            p.WithOrigins(origins).WithHeaders(ApiKeyMiddleware.Header, CorrelationMiddleware.Header, "Content-Type", "Range")
                .WithMethods("GET", "PUT", "POST", "DELETE").WithExposedHeaders(CorrelationMiddleware.Header, "Location", "Content-Range");
        }));
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(PerKeyPolicy, http =>
            {
                // ApiKeyMiddleware let only known clients through; the allowance is part of the partition so a reload that changes it takes effect.
                if (http.Items[ApiKeyMiddleware.ClientItem] is not ApiKeyRing.Client client) return RateLimitPartition.GetNoLimiter("no-client");
                return RateLimitPartition.GetFixedWindowLimiter($"{client.Name}|{client.PermitPerMinute}", _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = client.PermitPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                });
            });
        });
        return builder;
    }

    public static WebApplication UseGateway(this WebApplication app)
    {
        // A malformed key hash stops start-up here, naming the entry.
        app.Services.GetRequiredService<ApiKeyRing>();
        app.UseMiddleware<CorrelationMiddleware>();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseRouting();
        // Answers CORS pre-flights itself (routes carry the policy), so an OPTIONS pre-flight is never forwarded.
        app.UseCors();
        app.UseMiddleware<ApiKeyMiddleware>();
        app.UseMiddleware<BodySizeLimitMiddleware>();
        app.UseRateLimiter();
        app.MapMatchcutHealth();
        app.MapReverseProxy(proxy =>
        {
            proxy.UseMiddleware<ForwarderErrorMiddleware>();
            proxy.UseSessionAffinity();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
        });
        return app;
    }
}
