namespace Matchcut.Gateway;

/// <summary>The gateway's own settings; bound from "Gateway". Routes and destinations are YARP's, under "ReverseProxy".</summary>
public sealed class GatewayOptions
{
    /// <summary>Largest request body accepted (413 beyond), declared or streamed.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1 << 20;

    /// <summary>Largest picture a search by picture (POST /api/v1/search/image) may send: a phone photo is several MiB (the API takes 20).</summary>
    public long MaxPictureBodyBytes { get; set; } = 20 << 20;

    /// <summary>How long a destination may stay silent (no response headers, no body bytes) before the caller gets 504; a cluster's own HttpRequest.ActivityTimeout wins.</summary>
    public double TimeoutSeconds { get; set; } = 30;

    /// <summary>Retries of bodiless idempotent requests (GET, HEAD, OPTIONS) on connection failures and 502/503/504.</summary>
    public int Retries { get; set; } = 2;

    /// <summary>Origins allowed to call the API from a browser (the review page served here needs none).</summary>
    public List<string> CorsOrigins { get; set; } = [];

    /// <summary>Requests per minute and client address with a missing or unknown key (guessing keys is throttled).</summary>
    public int UnknownKeyPermitPerMinute { get; set; } = 30;

    /// <summary>API keys by client name; only SHA-256 hashes are stored.</summary>
    public Dictionary<string, ApiKeyEntry> ApiKeys { get; set; } = [];
}

/// <summary>One client's key: hex SHA-256 of the key, revocation, its per-minute allowance and its scopes.</summary>
public sealed class ApiKeyEntry
{
    public string Hash { get; set; } = "";
    public bool Revoked { get; set; }
    public int PermitPerMinute { get; set; } = 600;

    /// <summary>What the key may do (<see cref="ApiScopes"/>); none listed means <c>read</c> only.</summary>
    public List<string> Scopes { get; set; } = [];
}
