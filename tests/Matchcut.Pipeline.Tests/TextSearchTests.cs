using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Matchcut.AllInOne;
using Matchcut.Index.Query;
using Matchcut.ServiceDefaults;
using Matchcut.Storage;
using Matchcut.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Matchcut.Pipeline.Tests;

/// <summary>
/// GET /api/v1/search over text on screen, through the whole pipeline as `matchcut serve` runs it: real footage (Big Buck
/// Bunny's deer, then Sintel) with a 2 s drawtext title card "GET READY" between them (3-5 s), read by PP-OCRv4 in EmbedGpu.
/// </summary>
public sealed class TextSearchTests(TitleCardFixture card) : IClassFixture<TitleCardFixture>
{
    private readonly HttpClient _http = card.Http;

    [Fact]
    public async Task A_word_of_the_title_card_finds_its_shot_first_and_says_why()
    {
        var found = await _http.GetFromJsonAsync<JsonElement>("/api/v1/search?q=ready");

        var first = found.GetProperty("shots")[0];
        Assert.True(TitleCardFixture.IsCard(first.GetProperty("shot")), first.ToString());
        var why = first.GetProperty("why").EnumerateArray().Select(w => w.GetString()!).ToList();
        Assert.Contains(why, w => w.StartsWith("text 'READY' 0.9", StringComparison.Ordinal));
        var text = first.GetProperty("shot").GetProperty("text").EnumerateArray().ToList();
        var line = Assert.Single(text);
        Assert.Equal("GET READY", line.GetProperty("text").GetString());
        Assert.Equal(["GET", "READY"], line.GetProperty("words").EnumerateArray().Select(w => w.GetString()));
        // Read in a sampled frame of the card, where drawtext put it (80,150, 56 px type).
        Assert.InRange(line.GetProperty("sec").GetDouble(), 3.0, 5.0);
        Assert.InRange(line.GetProperty("x").GetInt32(), 60, 90);
        Assert.InRange(line.GetProperty("y").GetInt32(), 135, 160);
        Assert.Equal(["ready"], found.GetProperty("words").EnumerateArray().Select(w => w.GetString()));
    }

    [Fact]
    public async Task A_word_one_letter_off_finds_the_card_and_a_short_one_does_not()
    {
        var near = await _http.GetFromJsonAsync<JsonElement>("/api/v1/search?q=Reddy");
        var shortWord = await _http.GetFromJsonAsync<JsonElement>("/api/v1/search?q=gat");

        var first = near.GetProperty("shots")[0];
        Assert.True(TitleCardFixture.IsCard(first.GetProperty("shot")), first.ToString());
        Assert.Contains(first.GetProperty("why").EnumerateArray(), w => w.GetString()!.StartsWith("text 'READY' for 'reddy' 0.7", StringComparison.Ordinal));
        // Exact "get" would match; three letters are too few to allow one edit.
        Assert.DoesNotContain(shortWord.GetProperty("shots").EnumerateArray(), h => TitleCardFixture.IsCard(h.GetProperty("shot")));
    }

    [Fact]
    public async Task Filters_and_pages_narrow_the_hits_and_bad_ones_are_refused()
    {
        var all = await _http.GetFromJsonAsync<JsonElement>("/api/v1/search?q=get%20ready&pageSize=1");
        var elsewhere = await _http.GetFromJsonAsync<JsonElement>("/api/v1/search?q=ready&titles=no-such-title");
        var scale = all.GetProperty("shots")[0].GetProperty("shot").GetProperty("scale").GetString() ?? "wide";
        var sameScale = await _http.GetFromJsonAsync<JsonElement>($"/api/v1/search?q=ready&scale={scale}");
        var otherScale = await _http.GetFromJsonAsync<JsonElement>($"/api/v1/search?q=ready&scale={(scale == "wide" ? "close-up" : "wide")}");

        Assert.Equal(1, all.GetProperty("shots").GetArrayLength());
        Assert.True(all.GetProperty("shots")[0].GetProperty("score").GetDouble() > 0.9);
        Assert.Equal(0, elsewhere.GetProperty("total").GetInt32());
        Assert.Contains(sameScale.GetProperty("shots").EnumerateArray(), h => TitleCardFixture.IsCard(h.GetProperty("shot")));
        Assert.DoesNotContain(otherScale.GetProperty("shots").EnumerateArray(), h => TitleCardFixture.IsCard(h.GetProperty("shot")));
        foreach (var bad in new[] { "q=%20", "q=ready&scale=huge", "q=ready&page=0", "q=ready&pageSize=0", "q=" + new string('a', 300) })
        {
            using var response = await _http.GetAsync($"/api/v1/search?{bad}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }
    }

    [Fact]
    public async Task The_command_line_gives_the_API_hits()
    {
        foreach (var words in new[] { "ready", "reddy", "a woman", "get ready" })
        {
            var api = await _http.GetFromJsonAsync<JsonElement>($"/api/v1/search?q={Uri.EscapeDataString(words)}&pageSize=50");
            var store = ((FileSystemObjectStore)card.Services.GetRequiredService<IObjectStore>()).Root;
            using var output = new StringWriter();
            using var error = new StringWriter();

            var code = await SearchCommand.RunAsync(new SearchRequest(null, store, null, 50, Json: true, Words: words), output, error, CancellationToken.None);

            Assert.True(code == 0, error.ToString());
            var cli = JsonDocument.Parse(output.ToString()).RootElement;
            Assert.Equal(Hits(api), Hits(cli));
        }
    }

    [Fact]
    public async Task The_text_is_a_feature_of_the_shot_with_the_models_in_its_provenance()
    {
        var store = card.Services.GetRequiredService<IObjectStore>();
        var assetId = (await _http.GetFromJsonAsync<JsonElement>("/api/v1/search?q=ready")).GetProperty("shots")[0].GetProperty("shot").GetProperty("assetId").GetString()!;

        var text = await store.GetJsonAsync<ShotTextSet>(EmbedFeature.Text(assetId));
        var embeddings = await store.GetJsonAsync<EmbeddingSet>(EmbedFeature.Embeddings(assetId));

        Assert.Contains("ch_PP-OCRv4_rec_infer.onnx:", text.Fingerprint);
        Assert.Contains(text.Fingerprint, embeddings.Fingerprint);
        // Three frames read per kept shot; only the card's say anything.
        Assert.All(text.Shots, s => Assert.Equal(3, s.Frames.Count));
        Assert.Single(text.Shots, s => s.Lines.Count > 0);
        Assert.All(text.Shots.Single(s => s.Lines.Count > 0).Lines, l => Assert.Equal("GET READY", l.Text));
        Assert.Equal("ch_PP-OCRv4_rec_infer.onnx", embeddings.Provenance!["text"].Model);
        Assert.Equal(64, embeddings.Provenance["text-detector"].ModelSha256!.Length);
    }

    [Fact]
    public async Task Stored_text_is_reused_while_its_fingerprint_holds_and_read_again_when_it_does_not()
    {
        var store = card.Services.GetRequiredService<IObjectStore>();
        var assetId = (await _http.GetFromJsonAsync<JsonElement>("/api/v1/search?q=ready")).GetProperty("shots")[0].GetProperty("shot").GetProperty("assetId").GetString()!;
        var features = await card.Services.GetRequiredService<AssetCatalog>().RequireFeaturesAsync(assetId);
        var embedder = card.Services.GetRequiredService<EmbedGpu.ShotEmbedder>();
        var original = await store.GetJsonAsync<ShotTextSet>(EmbedFeature.Text(assetId));
        var edited = original with
        {
            Shots = original.Shots.Select(s => s with { Lines = s.Lines.Select(l => l with { Text = "GET SET", Words = ["GET", "SET"] }).ToList() }).ToList(),
        };
        async Task<string[]> AnnotatedTextAsync() => (await store.GetJsonAsync<ShotAnnotationSet>(EmbedFeature.Annotations(assetId))).Shots
            .SelectMany(a => a.Text ?? []).Select(l => l.Text).ToArray();
        try
        {
            // The same fingerprint: the stored lines are taken as they are (nothing is read again).
            await store.PutJsonAsync(EmbedFeature.Text(assetId), edited);
            await embedder.EmbedAsync(assetId, features, CancellationToken.None);
            Assert.Equal(["GET SET"], await AnnotatedTextAsync());
            Assert.Equal(0, (await store.GetJsonAsync<ShotTextSet>(EmbedFeature.Text(assetId))).ReadFrames);

            // Read with other models or settings: read again.
            await store.PutJsonAsync(EmbedFeature.Text(assetId), edited with { Fingerprint = "other-models" });
            await embedder.EmbedAsync(assetId, features, CancellationToken.None);
            Assert.Equal(["GET READY"], await AnnotatedTextAsync());
            var reread = await store.GetJsonAsync<ShotTextSet>(EmbedFeature.Text(assetId));
            Assert.Equal(original.Fingerprint, reread.Fingerprint);
            // Its own cost: three frames of each of the three kept shots, and the time they took.
            Assert.Equal(9, reread.ReadFrames);
            Assert.True(reread.ReadSeconds > 0);
        }
        finally
        {
            await store.PutJsonAsync(EmbedFeature.Text(assetId), original);
            await embedder.EmbedAsync(assetId, features, CancellationToken.None);
        }
    }

    private static List<string> Hits(JsonElement result) =>
        result.GetProperty("shots").EnumerateArray().Select(h => $"{h.GetProperty("shot").GetProperty("shotId").GetString()} {string.Join(", ", h.GetProperty("why").EnumerateArray())}").ToList();
}

/// <summary>`matchcut serve` over a temp store with the title-card video landed and completed.</summary>
public sealed class TitleCardFixture : IAsyncLifetime
{
    public const string Title = "title-card";
    private readonly string _work = Directory.CreateTempSubdirectory("matchcut-text-").FullName;
    private Microsoft.AspNetCore.Builder.WebApplication _app = null!;

    public HttpClient Http { get; private set; } = null!;

    public IServiceProvider Services => _app.Services;

    /// <summary>Whether a shot of the answer is the title card (it shows 3-5 s of the video).</summary>
    public static bool IsCard(JsonElement shot) =>
        shot.GetProperty("startSec").GetDouble() is > 2.8 and < 3.2 && shot.GetProperty("endSec").GetDouble() is > 4.8 and < 5.2;

    public async Task InitializeAsync()
    {
        var port = TestPorts.Free();
        var inputs = Directory.CreateDirectory(Path.Combine(_work, "inputs")).FullName;
        var video = TestMedia.WithTitleCard(Path.Combine(inputs, "title-card.mp4"), "GET READY");
        // Text:Enabled=true: without the OCR models (scripts/setup.sh ocr) start-up fails naming where it looked.
        _app = ServeCommand.Build(Path.Combine(_work, "store"), $"http://127.0.0.1:{port}", inputs, new Dictionary<string, string?>
        {
            ["Media:ScratchFolder"] = Path.Combine(_work, "scratch"),
            ["Logging:LogLevel:Default"] = "Warning",
            ["Text:Enabled"] = "true",
        });
        await ServeCommand.StartAsync(_app, CancellationToken.None);
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        using var landed = await Http.PostAsJsonAsync("/api/v1/assets", new { titleId = Title, sourceUri = video });
        Assert.Equal(HttpStatusCode.Accepted, landed.StatusCode);
        var deadline = DateTime.UtcNow.AddMinutes(2);
        string? assetId = null;
        while (assetId is null && DateTime.UtcNow < deadline)
        {
            var state = await Http.GetFromJsonAsync<JsonElement>(landed.Headers.Location!.OriginalString);
            if (state.GetProperty("state").GetString() == "ingested") assetId = state.GetProperty("assetId").GetString();
            else await Task.Delay(100);
        }
        await Http.CompletedAsync(assetId ?? throw new TimeoutException("the title card was not ingested in time"), TimeSpan.FromMinutes(5));
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }
}
