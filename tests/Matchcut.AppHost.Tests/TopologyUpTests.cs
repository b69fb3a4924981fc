using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
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
            builder.Services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning)
                .AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None));
            await using var app = await builder.BuildAsync();
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
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
