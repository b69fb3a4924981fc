using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Matchcut.Index;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Matchcut.Gateway.Tests;

/// <summary>Starting a factory's app on Kestrel at a loopback port, and its address there.</summary>
public static class KestrelFactory
{
    public static string StartOnLoopback<T>(this WebApplicationFactory<T> factory) where T : class
    {
        // Two tests (or a test and another factory's start) may ask at once; the factory's start is not thread-safe.
        lock (factory)
        {
            try
            {
                // An explicit loopback endpoint on a free port, not UseKestrel(port): with a port the factory clears and
                // sets the server's address list after building the host, and under load the app had sometimes started
                // its server by then ("Addresses cannot be modified after the server has started").
                factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
            }
            catch (InvalidOperationException)
            {
                // Already initialized (on Kestrel, by the caller or an earlier call).
            }
            factory.StartServer();
        }
        return factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()
            .Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal);
    }
}

/// <summary>The Index service over the fixture's store; records the headers each request arrived with. By default it shares the fixture's vector index; without, it starts with its own, as a restarted service does.</summary>
public sealed class IndexApiFactory(StackFixture stack, bool shareVectorIndex = true) : WebApplicationFactory<ShotIndexer>
{
    public ConcurrentQueue<IHeaderDictionary> Received { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Storage:Root", stack.StoreRoot);
        builder.ConfigureTestServices(s =>
        {
            if (shareVectorIndex) s.AddSingleton(stack.VectorIndex);
            s.AddSingleton<IStartupFilter>(new RecordingFilter(Received));
        });
    }

    public string Address => Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    /// <summary>Started on Kestrel at a loopback port; its base address.</summary>
    public string BaseAddress => this.StartOnLoopback();

    // Records request headers; on request, answers with hop-by-hop headers the gateway must not pass back.
    private sealed class RecordingFilter(ConcurrentQueue<IHeaderDictionary> received) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (http, n) =>
            {
                received.Enqueue(new HeaderDictionary(http.Request.Headers.ToDictionary(h => h.Key, h => h.Value)));
                if (http.Request.Headers.ContainsKey("X-Test-Hop-Response"))
                {
                    http.Response.Headers["Proxy-Authenticate"] = "Basic";
                    http.Response.Headers["Keep-Alive"] = "timeout=5";
                }
                await n(http);
            });
            next(app);
        };
    }
}

/// <summary>
/// The gateway (its own Program and appsettings.json) with three clients' keys, on Kestrel at a loopback port.
/// Settings live in a JSON file watched for changes, as a deployment's configuration is, so tests can reload it.
/// The destination is the given address, or the Index service of <paramref name="index"/> started on Kestrel.
/// </summary>
public sealed class GatewayFactory : WebApplicationFactory<ApiKeyRing>
{
    public const string ReviewerKey = "reviewer-key-1";
    public const string LimitedKey = "limited-key-2";
    public const string RevokedKey = "revoked-key-3";
    public const string ReaderKey = "reader-key-4";
    public const string ReviewOnlyKey = "review-only-key-5";
    public const int LimitedPermits = 3;

    private readonly IndexApiFactory? _index;
    private readonly string _file = Path.Combine(Directory.CreateTempSubdirectory("matchcut-gateway-config-").FullName, "gateway.json");

    public GatewayFactory(IndexApiFactory index, string? indexAddress = null) : this(indexAddress, null) => _index = index;

    public GatewayFactory(string? destination, IDictionary<string, string?>? settings)
    {
        Settings = new Dictionary<string, string?>
        {
            ["ReverseProxy:Clusters:index:Destinations:d1:Address"] = destination,
            ["ReverseProxy:Clusters:index:HealthCheck:Active:Interval"] = "00:00:01",
            ["Gateway:MaxRequestBodyBytes"] = "65536",
            ["Gateway:MaxPictureBodyBytes"] = "200000",
            ["Gateway:ApiKeys:reviewer:Hash"] = ApiKeyMiddleware.HashOf(ReviewerKey),
            ["Gateway:ApiKeys:reviewer:PermitPerMinute"] = "100000",
            ["Gateway:ApiKeys:reviewer:Scopes:0"] = "read",
            ["Gateway:ApiKeys:reviewer:Scopes:1"] = "review",
            ["Gateway:ApiKeys:reviewer:Scopes:2"] = "ingest",
            // No scopes listed: read only.
            ["Gateway:ApiKeys:reader:Hash"] = ApiKeyMiddleware.HashOf(ReaderKey),
            ["Gateway:ApiKeys:reader:PermitPerMinute"] = "100000",
            ["Gateway:ApiKeys:review-only:Hash"] = ApiKeyMiddleware.HashOf(ReviewOnlyKey),
            ["Gateway:ApiKeys:review-only:PermitPerMinute"] = "100000",
            ["Gateway:ApiKeys:review-only:Scopes:0"] = "read",
            ["Gateway:ApiKeys:review-only:Scopes:1"] = "review",
            ["Gateway:ApiKeys:limited:Hash"] = ApiKeyMiddleware.HashOf(LimitedKey),
            ["Gateway:ApiKeys:limited:PermitPerMinute"] = LimitedPermits.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Gateway:ApiKeys:revoked:Hash"] = ApiKeyMiddleware.HashOf(RevokedKey),
            ["Gateway:ApiKeys:revoked:Revoked"] = "true",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) Settings[k] = v;
    }

    /// <summary>The settings file's content, flat (`A:B:C` keys); <see cref="WriteSettings"/> writes it.</summary>
    public Dictionary<string, string?> Settings { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        if (Settings["ReverseProxy:Clusters:index:Destinations:d1:Address"] is null && _index is not null)
            Settings["ReverseProxy:Clusters:index:Destinations:d1:Address"] = _index.BaseAddress;
        WriteSettings();
        builder.ConfigureAppConfiguration(c => c.AddJsonFile(_file, optional: false, reloadOnChange: true));
    }

    /// <summary>Writes <see cref="Settings"/> (null values left out) to the watched file.</summary>
    public void WriteSettings()
    {
        var root = new JsonObject();
        foreach (var (key, value) in Settings.Where(s => s.Value is not null))
        {
            var node = root;
            var parts = key.Split(':');
            foreach (var part in parts[..^1]) node = (JsonObject)(node[part] ??= new JsonObject());
            node[parts[^1]] = value;
        }
        var temp = _file + ".tmp";
        File.WriteAllText(temp, root.ToJsonString());
        File.Move(temp, _file, overwrite: true);
    }

    public string Address => this.StartOnLoopback();

    /// <summary>A client of the gateway over its real socket.</summary>
    public HttpClient Client() => new() { BaseAddress = new Uri(Address) };

    /// <summary>Polls /health until the gateway reports ready (its first destination probes are in); the last document.</summary>
    public async Task<System.Text.Json.JsonElement> WaitHealthyAsync(TimeSpan? within = null)
    {
        using var client = Client();
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            using var response = await client.GetAsync("/health");
            var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
            if (response.IsSuccessStatusCode || DateTime.UtcNow > deadline) return body;
            await Task.Delay(200);
        }
    }

    public HttpClient ClientWithKey(string key = ReviewerKey)
    {
        var client = Client();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try { Directory.Delete(Path.GetDirectoryName(_file)!, recursive: true); } catch (IOException) { }
    }
}
