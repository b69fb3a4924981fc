namespace Matchcut.Gateway;

/// <summary>The gateway's own settings; bound from "Gateway".</summary>
public sealed class GatewayOptions
{
    /// <summary>Largest request body accepted (413 beyond).</summary>
    public long MaxRequestBodyBytes { get; set; } = 1 << 20;

    /// <summary>Per-attempt timeout until the service's response headers arrive.</summary>
    public double TimeoutSeconds { get; set; } = 30;

    /// <summary>Retries of idempotent requests on connection failures and 502/503/504.</summary>
    public int Retries { get; set; } = 2;

    /// <summary>Origins allowed to call the API from a browser (the review page served here needs none).</summary>
    public List<string> CorsOrigins { get; set; } = [];

    /// <summary>API keys by client name; only SHA-256 hashes are stored.</summary>
    public Dictionary<string, ApiKeyEntry> ApiKeys { get; set; } = [];
}

/// <summary>One client's key: hex SHA-256 of the key, revocation, and its per-minute allowance.</summary>
public sealed class ApiKeyEntry
{
    public string Hash { get; set; } = "";
    public bool Revoked { get; set; }
    public int PermitPerMinute { get; set; } = 600;
}
