using System.Collections.Concurrent;
using Matchcut.Index;
using Matchcut.Vectors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Matchcut.Gateway.Tests;

/// <summary>The Index service over the fixture's store and vector index; records the headers each request arrived with.</summary>
public sealed class IndexApiFactory(StackFixture stack) : WebApplicationFactory<ShotIndexer>
{
    public ConcurrentQueue<IHeaderDictionary> Received { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Storage:Root", stack.StoreRoot);
        builder.ConfigureTestServices(s =>
        {
            s.AddSingleton(stack.VectorIndex);
            s.AddSingleton<IStartupFilter>(new RecordingFilter(Received));
        });
    }

    public string Address => Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

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

/// <summary>The gateway with three clients' keys and one route to the Index API (in memory, or over Kestrel when the address is given).</summary>
public sealed class GatewayFactory(IndexApiFactory index, string? indexAddress = null) : WebApplicationFactory<ProxyForwarder>
{
    public const string ReviewerKey = "reviewer-key-1";
    public const string LimitedKey = "limited-key-2";
    public const string RevokedKey = "revoked-key-3";
    public const int LimitedPermits = 3;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var settings = new Dictionary<string, string>
        {
            ["ReverseProxy:Routes:api:ClusterId"] = "index",
            ["ReverseProxy:Routes:api:Match:Path"] = "/api/{**rest}",
            ["ReverseProxy:Routes:openapi:ClusterId"] = "index",
            ["ReverseProxy:Routes:openapi:Match:Path"] = "/openapi/{**rest}",
            ["ReverseProxy:Clusters:index:Destinations:d1:Address"] = indexAddress ?? "http://index.test/",
            ["Gateway:MaxRequestBodyBytes"] = "65536",
            ["Gateway:ApiKeys:reviewer:Hash"] = ApiKeyMiddleware.HashOf(ReviewerKey),
            ["Gateway:ApiKeys:reviewer:PermitPerMinute"] = "100000",
            ["Gateway:ApiKeys:limited:Hash"] = ApiKeyMiddleware.HashOf(LimitedKey),
            ["Gateway:ApiKeys:limited:PermitPerMinute"] = LimitedPermits.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Gateway:ApiKeys:revoked:Hash"] = ApiKeyMiddleware.HashOf(RevokedKey),
            ["Gateway:ApiKeys:revoked:Revoked"] = "true",
        };
        foreach (var (k, v) in settings) builder.UseSetting(k, v);
        if (indexAddress is null)
        {
            builder.ConfigureTestServices(s => s.AddHttpClient(ProxyForwarder.ClientName).ConfigurePrimaryHttpMessageHandler(() => index.Server.CreateHandler()));
        }
    }

    public string Address => Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    public HttpClient ClientWithKey(string key = ReviewerKey)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }
}
