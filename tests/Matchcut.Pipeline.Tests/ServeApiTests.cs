using Matchcut.TestSupport;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Matchcut.AllInOne;
using Matchcut.Contracts;
using Matchcut.Pipeline;
using Matchcut.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection;

namespace Matchcut.Pipeline.Tests;

/// <summary>`matchcut serve` over HTTP: landing through the API, and the promise that the same bytes are one asset, processed once.</summary>
public sealed class ServeApiTests : IAsyncLifetime
{
    private readonly string _work = Directory.CreateTempSubdirectory("matchcut-serve-").FullName;
    private readonly int _port = TestPorts.Free();
    private Microsoft.AspNetCore.Builder.WebApplication _app = null!;
    private HttpClient _http = null!;
    private StageRuns _runs = null!;

    public async Task InitializeAsync()
    {
        var inputs = Directory.CreateDirectory(Path.Combine(_work, "inputs")).FullName;
        _app = ServeCommand.Build(Path.Combine(_work, "store"), $"http://127.0.0.1:{_port}", inputs, new Dictionary<string, string?>
        {
            ["Media:ScratchFolder"] = Path.Combine(_work, "scratch"),
            ["Bus:RetryIntervalsMs:0"] = "50",
            ["Models:Enabled"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        _runs = new StageRuns(_app.Services);
        await ServeCommand.StartAsync(_app, CancellationToken.None);
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_port}") };
    }

    [Fact]
    public async Task The_same_bytes_posted_under_two_names_and_titles_are_one_asset_processed_once()
    {
        // Two files with the same bytes: the asset id comes from the content, not the name or the title.
        var first = Path.Combine(_work, "inputs", "first.mp4");
        var second = Path.Combine(_work, "inputs", "renamed copy.mp4");
        File.Copy(TestMedia.File("delayed_start.mp4"), first);
        File.Copy(first, second);

        var a = await LandAsync("serve-a", first);
        var assetA = await IngestedAssetAsync(a);
        await CompletedAsync(assetA);
        var counter = _runs;
        var executedOnce = PipelineStages.All.Where(s => s != PipelineStages.Ingest).ToDictionary(s => s, s => counter[s]);
        Assert.All(executedOnce, e => Assert.Equal(1, e.Value));

        var b = await LandAsync("serve-b", second);
        var assetB = await IngestedAssetAsync(b);
        Assert.Equal(assetA, assetB);
        var asset = await CompletedAsync(assetB);
        Assert.Equal(["serve-a", "serve-b"], asset.GetProperty("titles").EnumerateArray().Select(t => t.GetString()!).Order().ToArray());
        await Task.Delay(500); // anything the second landing started has had time to run
        Assert.All(executedOnce, e => Assert.Equal(1, counter[e.Key]));

        // Both titles answer for the one asset.
        foreach (var title in new[] { "serve-a", "serve-b" })
        {
            var matches = await _http.GetFromJsonAsync<JsonElement>($"/api/v1/titles/{title}/matches?flavour=frame&k=3");
            Assert.Equal(assetA, matches.GetProperty("assetId").GetString());
            // Which method and model made the list: without a models folder, still ResNet18 from the NuGet package.
            Assert.Equal("ResNet18.onnx", matches.GetProperty("provenance").GetProperty("model").GetString());
            var titleView = await _http.GetFromJsonAsync<JsonElement>($"/api/v1/titles/{title}");
            Assert.Equal(assetA, titleView.GetProperty("assetId").GetString());
            Assert.Equal(JsonValueKind.Object, titleView.GetProperty("tags").ValueKind);
            var frame = titleView.GetProperty("provenance").GetProperty("frame");
            Assert.Equal(("resnet18-gap512+grid2x2-v1", 64), (frame.GetProperty("method").GetString(), frame.GetProperty("modelSha256").GetString()!.Length));
        }
        using var unknown = await _http.GetAsync("/api/v1/titles/no-such-title");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task A_landing_the_pipeline_refuses_shows_failed_with_the_reason_and_bad_requests_are_refused_before_the_bus()
    {
        var missing = Path.Combine(_work, "inputs", "never-written.mp4");
        var landing = await LandAsync("serve-missing", missing);
        var deadline = DateTime.UtcNow.AddMinutes(1);
        JsonElement state;
        do
        {
            await Task.Delay(100);
            state = await _http.GetFromJsonAsync<JsonElement>(landing);
        } while (state.GetProperty("state").GetString() == "pending" && DateTime.UtcNow < deadline);
        Assert.Equal("failed", state.GetProperty("state").GetString());
        var failure = state.GetProperty("failure");
        Assert.Equal(PipelineStages.Ingest, failure.GetProperty("stage").GetString());
        Assert.Contains("not found", failure.GetProperty("reason").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.False(failure.GetProperty("retriable").GetBoolean());

        // Landed again once the file is there, the landing starts over and is ingested.
        File.Copy(TestMedia.File("delayed_start.mp4"), missing);
        Assert.Equal(landing, await LandAsync("serve-missing", missing));
        Assert.False(string.IsNullOrEmpty(await IngestedAssetAsync(landing)));

        // The API holds requests to the rules the bus holds messages to.
        var metadata = Enumerable.Range(0, 100).ToDictionary(i => $"k{i}", _ => "v");
        foreach (var body in new object[]
                 {
                     new { titleId = "a/b", sourceUri = missing },
                     new { titleId = "serve-flood", sourceUri = missing, metadata },
                     new { titleId = "serve-control", sourceUri = missing + "\n" },
                 })
        {
            using var refused = await _http.PostAsJsonAsync("/api/v1/assets", body);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }
    }

    private async Task<string> LandAsync(string title, string path)
    {
        using var response = await _http.PostAsJsonAsync("/api/v1/assets", new { titleId = title, sourceUri = path });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return response.Headers.Location!.OriginalString;
    }

    private async Task<string> IngestedAssetAsync(string landing)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            var state = await _http.GetFromJsonAsync<JsonElement>(landing);
            if (state.GetProperty("state").GetString() == "ingested") return state.GetProperty("assetId").GetString()!;
            await Task.Delay(100);
        }
        throw new TimeoutException($"{landing} was not ingested in time");
    }

    private Task<JsonElement> CompletedAsync(string assetId) => _http.CompletedAsync(assetId, TimeSpan.FromMinutes(3));


    public async Task DisposeAsync()
    {
        _http.Dispose();
        _runs.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }
}
