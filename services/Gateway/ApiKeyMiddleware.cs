using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Model;

namespace Matchcut.Gateway;

/// <summary>
/// Checks X-Api-Key on proxied routes, every method included: 401 missing or unknown, 403 revoked or lacking the
/// request's scope (<see cref="ApiScopes"/>). Missing and unknown keys are themselves rate limited per client address
/// (IPv6 per /64; 429), so keys cannot be guessed at line rate. A known client's
/// name and allowance are kept for the per-key rate limiter. CORS pre-flights never get here: the CORS middleware
/// answers them.
/// </summary>
public sealed class ApiKeyMiddleware(RequestDelegate next, ApiKeyRing keys, IOptionsMonitor<GatewayOptions> options) : IDisposable
{
    public const string Header = "X-Api-Key";
    public const string ClientItem = "gateway.client";

    private readonly PartitionedRateLimiter<HttpContext> _refusals = PartitionedRateLimiter.Create<HttpContext, string>(http =>
    {
        var permits = Math.Max(1, options.CurrentValue.UnknownKeyPermitPerMinute);
        var address = ClientAddressGroup.Of(http.Connection.RemoteIpAddress);
        return RateLimitPartition.GetFixedWindowLimiter($"{address}|{permits}", _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0,
        });
    });

    public async Task InvokeAsync(HttpContext http)
    {
        if (http.GetEndpoint()?.Metadata.GetMetadata<RouteModel>() is null)
        {
            await next(http);
            return;
        }
        var key = http.Request.Headers[Header].ToString();
        var client = key.Length == 0 ? null : keys.Find(key);
        if (client is { Revoked: false })
        {
            var scope = ApiScopes.Required(http.Request.Method, http.Request.Path);
            if (!client.Scopes.Contains(scope))
            {
                await Results.Problem(statusCode: 403, title: $"API key lacks the '{scope}' scope",
                    detail: $"{http.Request.Method} {http.Request.Path} needs the '{scope}' scope; this key has {string.Join(", ", client.Scopes.Order())}.",
                    extensions: new Dictionary<string, object?> { ["missingScope"] = scope }).ExecuteAsync(http);
                return;
            }
            http.Items[ClientItem] = client;
            await next(http);
            return;
        }
        using var lease = _refusals.AttemptAcquire(http);
        if (!lease.IsAcquired)
        {
            http.Response.Headers.RetryAfter = "60";
            await Results.Problem(statusCode: 429, title: "Too many requests without a valid API key").ExecuteAsync(http);
            return;
        }
        var problem = client is not null ? Results.Problem(statusCode: 403, title: "API key revoked")
            : key.Length == 0 ? Results.Problem(statusCode: 401, title: "API key required", detail: $"Send your key in the {Header} header.")
            : Results.Problem(statusCode: 401, title: "Unknown API key");
        await problem.ExecuteAsync(http);
    }

    /// <summary>Hex SHA-256 of a key, as configuration stores it.</summary>
    public static string HashOf(string key) => ApiKeyRing.HashOf(key);

    public void Dispose() => _refusals.Dispose();
}
