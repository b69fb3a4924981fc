using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Matchcut.AllInOne;

namespace Matchcut.Pipeline.Tests;

/// <summary>
/// Titles landed once each through `matchcut serve`'s API, with the models, in a temp store; subclasses name the titles
/// and their sources (the shared media, or clips they make under <see cref="Inputs"/>).
/// </summary>
public abstract class ServedTitlesFixture(string name) : IAsyncLifetime
{
    private readonly string _work = Directory.CreateTempSubdirectory($"matchcut-{name}-").FullName;
    private Microsoft.AspNetCore.Builder.WebApplication _app = null!;

    public HttpClient Http { get; private set; } = null!;

    public IServiceProvider Services => _app.Services;

    /// <summary>The asset each title landed as.</summary>
    public Dictionary<string, string> AssetOf { get; } = new(StringComparer.Ordinal);

    /// <summary>A folder the API may land sources from, besides the shared media.</summary>
    protected string Inputs => Path.Combine(_work, "inputs");

    /// <summary>The titles in landing order; the first must show people (the models' check below reads it).</summary>
    protected abstract IEnumerable<(string Title, string Source)> Titles();

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Inputs);
        var titles = Titles().ToList();
        var port = TestPorts.Free();
        // The models come from the nearest shared/models above the binaries, as for a user.
        _app = ServeCommand.Build(Path.Combine(_work, "store"), $"http://127.0.0.1:{port}", TestMedia.Folder, new Dictionary<string, string?>
        {
            ["Ingest:AllowedRoots:1"] = Inputs,
            ["Media:ScratchFolder"] = Path.Combine(_work, "scratch"),
            ["Logging:LogLevel:Default"] = "Warning",
        });
        await ServeCommand.StartAsync(_app, CancellationToken.None);
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        foreach (var (title, source) in titles)
        {
            using var landed = await Http.PostAsJsonAsync("/api/v1/assets", new { titleId = title, sourceUri = source });
            Assert.Equal(HttpStatusCode.Accepted, landed.StatusCode);
            var asset = await IngestedAssetAsync(landed.Headers.Location!.OriginalString);
            await Http.CompletedAsync(asset, TimeSpan.FromMinutes(8));
            AssetOf[title] = asset;
        }
        // Without the models (or the ONNX Runtime library) nothing is annotated and every search below would say so only obliquely.
        var shots = await Http.GetFromJsonAsync<JsonElement>($"/api/v1/shots?titles={titles[0].Title}");
        Assert.True(shots.GetProperty("shots").EnumerateArray().Any(s => s.GetProperty("scale").ValueKind == JsonValueKind.String),
            $"no shot of {titles[0].Title} has a scale: the models did not run (models folder, ONNX Runtime library)");
    }

    private async Task<string> IngestedAssetAsync(string landing)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            var state = await Http.GetFromJsonAsync<JsonElement>(landing);
            if (state.GetProperty("state").GetString() == "ingested") return state.GetProperty("assetId").GetString()!;
            await Task.Delay(100);
        }
        throw new TimeoutException($"{landing} was not ingested in time");
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }
}
