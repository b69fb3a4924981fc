using System.Diagnostics;
using System.Globalization;
using Matchcut.BenchResults;
using Matchcut.Gateway;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

// The gateway's cost per request: one upstream (Kestrel on a loopback port, a small JSON answer like the API's
// lists), called directly and through the gateway (API key, rate limiter, correlation id, YARP) on another loopback
// port, request by request alternating which goes first, so both see the same machine load. Prints and writes
// bench/results/gateway_latency.csv (p50/p90/p99 of each path and the difference) and its figures (BenchSheet).
var quick = args.Contains("--quick");
var requests = quick ? 2_000 : 20_000;
var sheet = new BenchSheet("gateway", quick ? "quick" : "full", BenchSheet.DefaultResultsFolder(), partial: false);
const string key = "bench-key";

await using var upstream = await StartAsync(WebApplication.CreateSlimBuilder(), app =>
{
    var payload = new { titles = Enumerable.Range(0, 8).Select(i => $"title-{i}").ToArray(), total = 8 };
    app.MapGet("/api/v1/titles", () => Results.Json(payload));
    app.MapGet("/health", () => Results.Ok());
});
var gatewayBuilder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
gatewayBuilder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["ReverseProxy:Routes:api:ClusterId"] = "index",
    ["ReverseProxy:Routes:api:Match:Path"] = "/api/{**rest}",
    ["ReverseProxy:Clusters:index:Destinations:d1:Address"] = Address(upstream),
    ["ReverseProxy:Clusters:index:HealthCheck:Active:Enabled"] = "true",
    ["ReverseProxy:Clusters:index:HealthCheck:Active:Interval"] = "00:00:05",
    ["ReverseProxy:Clusters:index:HealthCheck:Active:Path"] = "/health",
    ["Gateway:ApiKeys:bench:Hash"] = ApiKeyMiddleware.HashOf(key),
    ["Gateway:ApiKeys:bench:PermitPerMinute"] = "100000000",
});
await using var gateway = await StartAsync(gatewayBuilder, app => app.UseGateway(), b => b.AddGateway());

using var direct = new HttpClient { BaseAddress = new Uri(Address(upstream)) };
using var proxied = new HttpClient { BaseAddress = new Uri(Address(gateway)) };
proxied.DefaultRequestHeaders.Add("X-Api-Key", key);

for (var i = 0; i < 1_000; i++)
{
    await TimeAsync(direct);
    await TimeAsync(proxied);
}
var directMs = new double[requests];
var gatewayMs = new double[requests];
for (var i = 0; i < requests; i++)
{
    if (i % 2 == 0)
    {
        directMs[i] = await TimeAsync(direct);
        gatewayMs[i] = await TimeAsync(proxied);
    }
    else
    {
        gatewayMs[i] = await TimeAsync(proxied);
        directMs[i] = await TimeAsync(direct);
    }
}
Array.Sort(directMs);
Array.Sort(gatewayMs);
double P(double[] sorted, double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
var rows = new[]
{
    ("direct", P(directMs, 0.5), P(directMs, 0.9), P(directMs, 0.99)),
    ("through gateway", P(gatewayMs, 0.5), P(gatewayMs, 0.9), P(gatewayMs, 0.99)),
    ("added by gateway", P(gatewayMs, 0.5) - P(directMs, 0.5), P(gatewayMs, 0.9) - P(directMs, 0.9), P(gatewayMs, 0.99) - P(directMs, 0.99)),
};
var csv = new List<string> { "path,requests,p50_ms,p90_ms,p99_ms" };
csv.AddRange(rows.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Item1},{requests},{r.Item2:F3},{r.Item3:F3},{r.Item4:F3}")));
sheet.Table("gateway_latency.csv", csv);
foreach (var line in csv) Console.WriteLine(line);
sheet.Figure("gateway/direct p50 request", P(gatewayMs, 0.5) / P(directMs, 0.5), "ratio", "", 0,
    string.Create(CultureInfo.InvariantCulture, $"(added {P(gatewayMs, 0.5) - P(directMs, 0.5):F3} ms; {requests} requests each way)"));
sheet.Figure("gateway/direct p99 request", P(gatewayMs, 0.99) / P(directMs, 0.99), "ratio", "", 0,
    string.Create(CultureInfo.InvariantCulture, $"(added {P(gatewayMs, 0.99) - P(directMs, 0.99):F3} ms)"));
sheet.Save();
return 0;

static async Task<double> TimeAsync(HttpClient client)
{
    var start = Stopwatch.GetTimestamp();
    using var response = await client.GetAsync("/api/v1/titles");
    await response.Content.ReadAsByteArrayAsync();
    if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{client.BaseAddress}: {(int)response.StatusCode}");
    return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
}

static async Task<WebApplication> StartAsync(WebApplicationBuilder builder, Action<WebApplication> configure, Action<WebApplicationBuilder>? services = null)
{
    builder.WebHost.UseUrls("http://127.0.0.1:0");
    builder.Logging.ClearProviders();
    services?.Invoke(builder);
    var app = builder.Build();
    configure(app);
    await app.StartAsync();
    return app;
}

static string Address(WebApplication app) =>
    app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
