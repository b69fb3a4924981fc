using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Matchcut.AppHost.Tests;

/// <summary>
/// The topology `make up` runs, started through Aspire's testing host (its orchestrator runs the executables and
/// projects as separate processes, no Docker): a real clip landed through the gateway with the API key is processed
/// by RabbitMQ, s3rver and the seven services, and its matches come back through the gateway.
/// </summary>
public sealed class TopologyUpTests
{
    private const string ApiKey = "apphost-test-key";

    [Fact]
    public async Task A_landing_through_the_gateway_completes_across_the_separate_services()
    {
        var work = Directory.CreateTempSubdirectory("matchcut-up-").FullName;
        try
        {
            var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Matchcut_AppHost>(
            [
                $"--Topology:Work={work}", $"--Topology:Media={TestMedia.Folder}", $"--Topology:ApiKey={ApiKey}",
                $"--Topology:GatewayPort={TestPorts.Free()}", $"--Topology:RabbitMqPort={TestPorts.Free()}", $"--Topology:S3Port={TestPorts.Free()}",
            ]);
            // The services' own logs stay in the app; the start-up probes of services not yet listening are expected.
            // The testing host forwards each resource's output to loggers named "<app host>.Resources.<name>": the last
            // lines of each are kept for a failure's message.
            var tails = new ResourceTails();
            builder.Services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning)
                .AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None)
                .AddProvider(tails).AddFilter<ResourceTails>(null, LogLevel.Trace));
            await using var app = await builder.BuildAsync();
            try
            {
                await LandAndMatchAsync(app);
            }
            catch (Exception ex)
            {
                throw new Xunit.Sdk.XunitException($"{ex.GetType().Name}: {ex.Message}\n{await DescribeAsync(app, tails)}", ex);
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task LandAndMatchAsync(DistributedApplication app)
    {
        using var start = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        await app.StartAsync(start.Token);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("gateway", start.Token);

        using var api = app.CreateHttpClient("gateway", "http");
        api.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        using var landed = await api.PostAsJsonAsync("/api/v1/assets", new { titleId = "up-title", sourceUri = TestMedia.File("testvideo.mp4") });
        Assert.Equal(HttpStatusCode.Accepted, landed.StatusCode);
        string? assetId = null;
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (assetId is null && DateTime.UtcNow < deadline)
        {
            var state = await api.GetFromJsonAsync<JsonElement>(landed.Headers.Location!.OriginalString);
            if (state.GetProperty("state").GetString() == "ingested") assetId = state.GetProperty("assetId").GetString();
            else await Task.Delay(200);
        }
        await api.CompletedAsync(assetId ?? throw new TimeoutException("not ingested in time"), TimeSpan.FromMinutes(6));
        var matches = await api.GetFromJsonAsync<JsonElement>("/api/v1/titles/up-title/matches?flavour=frame&k=5");
        Assert.NotEmpty(matches.GetProperty("pairs").EnumerateArray());
    }

    private static readonly string[] Resources = ["rabbitmq", "s3", "ingest", "standardized-encode", "shot-segment", "dedup", "embed", "score", "index", "gateway"];

    // What a failure needs to be understood from a CI log alone: every resource's state and health, its last log lines,
    // and the gateway's own health answer (which names each cluster's state).
    private static async Task<string> DescribeAsync(DistributedApplication app, ResourceTails tails)
    {
        // States first (one line each), then the gateway's answer, then each resource's last lines.
        var text = new System.Text.StringBuilder();
        foreach (var name in Resources)
            text.AppendLine(app.ResourceNotifications.TryGetCurrentState(name, out var e)
                ? $"{name}: {e.Snapshot.State?.Text}, {e.Snapshot.HealthStatus?.ToString() ?? "no health"} ({string.Join("; ", e.Snapshot.HealthReports.Select(r => $"{r.Status} {r.Description}"))})"
                : $"{name}: unknown");
        try
        {
            using var http = app.CreateHttpClient("gateway", "http");
            http.Timeout = TimeSpan.FromSeconds(5);
            using var health = await http.GetAsync("/health");
            text.AppendLine($"gateway /health: {(int)health.StatusCode} {await health.Content.ReadAsStringAsync()}");
        }
        catch (Exception ex)
        {
            text.AppendLine("gateway /health: " + ex.Message);
        }
        foreach (var name in Resources)
        {
            text.AppendLine($"== {name}, last lines:");
            foreach (var line in tails.Of(name)) text.AppendLine("   " + line);
        }
        return text.ToString();
    }

    private sealed class ResourceTails : ILoggerProvider
    {
        private readonly Dictionary<string, Queue<string>> _tails = [];

        public IReadOnlyList<string> Of(string resource)
        {
            lock (_tails) return _tails.TryGetValue(resource, out var tail) ? [.. tail] : ["(no output)"];
        }

        public ILogger CreateLogger(string categoryName)
        {
            var marker = categoryName.IndexOf(".Resources.", StringComparison.Ordinal);
            return new Tail(this, marker < 0 ? null : categoryName[(marker + ".Resources.".Length)..]);
        }

        public void Dispose()
        {
        }

        private void Add(string resource, string line)
        {
            lock (_tails)
            {
                if (!_tails.TryGetValue(resource, out var tail)) _tails[resource] = tail = new Queue<string>();
                tail.Enqueue(line);
                if (tail.Count > 15) tail.Dequeue();
            }
        }

        private sealed class Tail(ResourceTails owner, string? resource) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => resource is not null;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (resource is not null) owner.Add(resource, formatter(state, exception));
            }
        }
    }
}
