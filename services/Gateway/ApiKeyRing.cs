using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Matchcut.Gateway;

/// <summary>
/// The configured keys, parsed once per configuration: a malformed hash stops start-up with the entry named; a reload
/// with a malformed hash is logged and the previous keys stay in force (requests never fail on configuration).
/// </summary>
public sealed class ApiKeyRing : IDisposable
{
    private readonly ILogger<ApiKeyRing> _log;
    private readonly IDisposable? _subscription;
    private volatile IReadOnlyList<Client> _clients;

    public ApiKeyRing(IOptionsMonitor<GatewayOptions> options, ILogger<ApiKeyRing> log)
    {
        _log = log;
        _clients = Parse(options.CurrentValue);
        _subscription = options.OnChange(Reload);
    }

    /// <summary>A configured client: its name, key hash, whether revoked, its permits per minute and its scopes.</summary>
    public sealed record Client(string Name, byte[] Hash, bool Revoked, int PermitPerMinute, IReadOnlySet<string> Scopes);

    public int Count => _clients.Count;

    /// <summary>The client whose key this is, or null.</summary>
    public Client? Find(string key)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        Client? found = null;
        // Every entry is compared in fixed time, so timing tells nothing about which hash came close.
        foreach (var c in _clients)
            if (CryptographicOperations.FixedTimeEquals(c.Hash, hash)) found = c;
        return found;
    }

    public static string HashOf(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private void Reload(GatewayOptions options)
    {
        try
        {
            _clients = Parse(options);
            _log.LogInformation("API keys reloaded: {Count} client(s)", _clients.Count);
        }
        catch (InvalidOperationException e)
        {
            _log.LogError("API keys not reloaded, the previous ones stay in force: {Reason}", e.Message);
        }
    }

    private static List<Client> Parse(GatewayOptions options)
    {
        var clients = new List<Client>();
        foreach (var (name, entry) in options.ApiKeys)
        {
            var hex = entry.Hash.Trim();
            if (hex.Length != 64 || !hex.All(char.IsAsciiHexDigit))
                throw new InvalidOperationException(
                    $"Gateway:ApiKeys:{name}:Hash must be the 64 hex digits of the key's SHA-256 (e.g. `printf %s KEY | sha256sum`), got {(hex.Length == 0 ? "nothing" : $"{hex.Length} characters")}.");
            if (entry.PermitPerMinute < 1)
                throw new InvalidOperationException($"Gateway:ApiKeys:{name}:PermitPerMinute must be at least 1, got {entry.PermitPerMinute}.");
            clients.Add(new Client(name, Convert.FromHexString(hex), entry.Revoked, entry.PermitPerMinute, ApiScopes.Parse(name, entry.Scopes)));
        }
        return clients;
    }

    public void Dispose() => _subscription?.Dispose();
}
