using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Matchcut.Gateway;

/// <summary>Checks X-Api-Key on proxied routes: 401 missing or unknown, 403 revoked; the client's name is kept for the rate limiter.</summary>
public sealed class ApiKeyMiddleware(RequestDelegate next, IOptionsMonitor<GatewayOptions> options)
{
    public const string Header = "X-Api-Key";
    public const string ClientItem = "gateway.client";

    public async Task InvokeAsync(HttpContext http)
    {
        if (http.GetEndpoint()?.Metadata.GetMetadata<ProxiedRoute>() is null || HttpMethods.IsOptions(http.Request.Method))
        {
            await next(http);
            return;
        }
        var key = http.Request.Headers[Header].ToString();
        if (key.Length == 0)
        {
            await Results.Problem(statusCode: 401, title: "API key required", detail: $"Send your key in the {Header} header.").ExecuteAsync(http);
            return;
        }
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        var match = options.CurrentValue.ApiKeys.FirstOrDefault(k => Matches(k.Value.Hash, hash));
        if (match.Value is null)
        {
            await Results.Problem(statusCode: 401, title: "Unknown API key").ExecuteAsync(http);
            return;
        }
        if (match.Value.Revoked)
        {
            await Results.Problem(statusCode: 403, title: "API key revoked").ExecuteAsync(http);
            return;
        }
        http.Items[ClientItem] = match.Key;
        await next(http);
    }

    public static string HashOf(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static bool Matches(string storedHex, byte[] hash)
    {
        try
        {
            return CryptographicOperations.FixedTimeEquals(Convert.FromHexString(storedHex), hash);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}

/// <summary>Marks endpoints that forward to a cluster (they need a key and are rate limited).</summary>
public sealed record ProxiedRoute(string RouteId, string ClusterId);
