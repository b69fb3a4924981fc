using Matchcut.ServiceDefaults;
using Matchcut.TestSupport;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Matchcut.AllInOne;
using Matchcut.Index;
using Matchcut.Index.Query;
using Matchcut.Storage;
using Matchcut.Vectors;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Matchcut.Pipeline;

namespace Matchcut.Pipeline.Tests;

/// <summary>
/// `GET /api/v1/shots?tag=&amp;scale=` over HTTP on real footage through the whole pipeline with the models: shots are found by
/// EmbedGpu's annotations through the vector index's payload. issue-195-aspect-ratio.mp4 (25 fps): hard cuts 70, 170,
/// 301, 421, 484; the shot 170-300 shows two women at a table, the shot 70-169 a broken glass jar on foil.
/// </summary>
public sealed class ShotSearchApiTests(ServedFootageFixture footage) : IClassFixture<ServedFootageFixture>
{
    private const string Title = ServedFootageFixture.Title;
    private const double TwoWomenSec = 235 / 25.0, JarSec = 120 / 25.0;
    private readonly HttpClient _http = footage.Http;

    [Fact]
    public async Task Person_finds_the_two_women_and_not_the_jar_and_each_shot_shows_its_tags()
    {
        var found = await ShotsAsync($"/api/v1/shots?tag=person&titles={Title}");

        var women = Assert.Single(found, s => Covers(s, TwoWomenSec));
        Assert.DoesNotContain(found, s => Covers(s, JarSec));
        Assert.All(found, s => Assert.Contains("person", Tags(s)));
        Assert.All(found, s => Assert.Equal(Title, s.GetProperty("titleId").GetString()));
        // The same annotations on the shot itself: person is the two women's strongest tag.
        var shot = await _http.GetFromJsonAsync<JsonElement>($"/api/v1/shots/{women.GetProperty("shotId").GetString()}");
        Assert.Equal("person", Tags(shot)[0]);
        Assert.Contains(shot.GetProperty("scale").GetString(), new[] { "close-up", "medium", "wide" });
    }

    [Fact]
    public async Task Scale_search_finds_each_kept_shot_under_its_own_scale_only()
    {
        var all = await ShotsAsync($"/api/v1/shots?titles={Title}");
        var women = all.Single(s => Covers(s, TwoWomenSec));
        var scale = women.GetProperty("scale").GetString()!;

        var sameScale = await ShotsAsync($"/api/v1/shots?scale={scale}&titles={Title}");
        var byScale = new Dictionary<string, List<JsonElement>>();
        foreach (var s in new[] { "close-up", "medium", "wide" }) byScale[s] = await ShotsAsync($"/api/v1/shots?scale={s}&titles={Title}");

        Assert.Contains(sameScale, s => s.GetProperty("shotId").GetString() == women.GetProperty("shotId").GetString());
        Assert.All(sameScale, s => Assert.Equal(scale, s.GetProperty("scale").GetString()));
        Assert.Equal(all.Count, byScale.Values.Sum(v => v.Count));
        Assert.Equal(all.Select(Id).Order(), byScale.Values.SelectMany(v => v).Select(Id).Order());
        // Person and this scale together: the two women are still there, and only shots with both.
        var both = await ShotsAsync($"/api/v1/shots?tag=person&scale={scale}&titles={Title}");
        Assert.Contains(both, s => Id(s) == Id(women));
        Assert.All(both, s => Assert.True(Tags(s).Contains("person") && s.GetProperty("scale").GetString() == scale));
    }

    [Fact]
    public async Task A_tag_no_shot_has_finds_none_and_a_bad_scale_is_refused()
    {
        var page = await _http.GetFromJsonAsync<JsonElement>($"/api/v1/shots?tag=giraffe&titles={Title}");
        using var bad = await _http.GetAsync("/api/v1/shots?scale=extreme");

        Assert.Equal(0, page.GetProperty("total").GetInt32());
        Assert.Equal(0, page.GetProperty("shots").GetArrayLength());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("close-up, medium, wide", await bad.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// testvideo.mp4's leaf-on-a-rock shots (1-6 s and 13-18 s) are what YOLOX-nano takes for a bird, below 0.5: they
    /// keep the class as a low-confidence tag with its confidence, and no tag search finds them by it.
    /// </summary>
    [Fact]
    public async Task Low_confidence_detections_are_listed_apart_with_their_confidence_and_no_search_finds_them()
    {
        var birds = await ShotsAsync("/api/v1/shots?tag=bird");
        var other = await ShotsAsync($"/api/v1/shots?titles={ServedFootageFixture.OtherTitle}");
        var leaves = other.Where(s => Covers(s, 3.5) || Covers(s, 15.6)).ToList();
        var women = (await ShotsAsync($"/api/v1/shots?titles={Title}")).Single(s => Covers(s, TwoWomenSec));

        Assert.Empty(birds);
        Assert.NotEmpty(leaves);
        Assert.All(leaves, s =>
        {
            Assert.DoesNotContain("bird", Tags(s));
            var low = s.GetProperty("lowConfidenceTags").GetProperty("bird").GetDouble();
            Assert.InRange(low, 0.35, new TagsOptions().For("bird"));
        });
        // A shown tag carries its confidence, at or above its class's threshold.
        Assert.InRange(women.GetProperty("tagConfidence").GetProperty("person").GetDouble(), new TagsOptions().For("person"), 1);
        Assert.All(other.Concat([women]), s => Assert.Equal(Tags(s).Order(), s.GetProperty("tagConfidence").EnumerateObject().Select(p => p.Name).Order()));
    }

    /// <summary>
    /// result.json, the title's tags and its beats use the same thresholds as search: the leaf shots' bird is listed as
    /// low-confidence in result.json, is no title tag and labels no beat; every tag result.json shows is the API's, with
    /// the same confidence.
    /// </summary>
    [Fact]
    public async Task Result_json_title_tags_and_beats_show_only_tags_at_their_threshold()
    {
        var thresholds = new TagsOptions();
        var other = await ShotsAsync($"/api/v1/shots?titles={ServedFootageFixture.OtherTitle}");
        var assetId = other[0].GetProperty("assetId").GetString()!;
        var result = await footage.Services.GetRequiredService<Matchcut.Reports.AssetResultBuilder>().BuildAsync(assetId);

        var kept = result.Shots.Where(s => s.Kept).ToList();
        var leaves = kept.Where(s => s.StartSec <= 3.5 && 3.5 < s.EndSec || s.StartSec <= 15.6 && 15.6 < s.EndSec).ToList();
        Assert.NotEmpty(leaves);
        Assert.All(leaves, s =>
        {
            Assert.DoesNotContain("bird", s.Tags!.Keys);
            Assert.InRange(s.LowConfidenceTags["bird"], 0.35, thresholds.For("bird"));
        });
        Assert.All(kept, s =>
        {
            Assert.All(s.Tags!, t => Assert.True(t.Value >= thresholds.For(t.Key), $"shot {s.Index}: {t.Key} {t.Value} is shown below its threshold"));
            Assert.All(s.LowConfidenceTags, t => Assert.True(t.Value < thresholds.For(t.Key), $"shot {s.Index}: {t.Key} {t.Value} is listed low at or above its threshold"));
            var api = other.Single(v => v.GetProperty("index").GetInt32() == s.Index);
            Assert.Equal(Tags(api), s.Tags!.Keys.ToList());
            Assert.All(s.Tags!, t => Assert.Equal(api.GetProperty("tagConfidence").GetProperty(t.Key).GetDouble(), t.Value, 6));
        });

        var title = await _http.GetFromJsonAsync<JsonElement>($"/api/v1/titles/{ServedFootageFixture.OtherTitle}");
        Assert.DoesNotContain("bird", title.GetProperty("tags").EnumerateObject().Select(t => t.Name));
        var beats = (await _http.GetFromJsonAsync<JsonElement>($"/api/v1/titles/{ServedFootageFixture.OtherTitle}/beats")).GetProperty("beats");
        var shown = kept.SelectMany(s => s.Tags!.Keys).Append("none").ToHashSet();
        Assert.All(beats.EnumerateArray(), b => Assert.Contains(b.GetProperty("label").GetString()!, shown));
        Assert.DoesNotContain(beats.EnumerateArray(), b => b.GetProperty("label").GetString() == "bird");
    }

    [Fact]
    public async Task Reindexing_fills_a_fresh_index_from_the_store_with_the_same_annotations()
    {
        var fresh = new InMemoryVectorIndex();
        var store = footage.Services.GetRequiredService<IObjectStore>();
        var reindexer = new ShotReindexer(store, new AssetCatalog(store), new ShotIndexer(store, fresh, Microsoft.Extensions.Options.Options.Create(new TagsOptions())), NullLogger<ShotReindexer>.Instance);

        var done = await reindexer.ReindexAllAsync(CancellationToken.None);

        Assert.Empty(done.Damaged);
        Assert.Equal([Title, ServedFootageFixture.OtherTitle], done.Indexed.Select(d => d.TitleId).Order(StringComparer.Ordinal));
        var served = await ShotsAsync($"/api/v1/shots?tag=person&titles={Title}");
        var refilled = await fresh.ListAsync(new ShotFilter(Titles: [Title], Tags: ["person"]), 0, 100);
        Assert.Equal(served.Select(Id), refilled.Shots.Select(s => s.ShotId));
    }

    [Fact]
    public async Task Pages_split_the_same_answer_and_total_counts_them_all()
    {
        var all = await ShotsAsync($"/api/v1/shots?titles={Title}");
        var first = await _http.GetFromJsonAsync<JsonElement>($"/api/v1/shots?titles={Title}&pageSize=2&page=1");
        var second = await _http.GetFromJsonAsync<JsonElement>($"/api/v1/shots?titles={Title}&pageSize=2&page=2");

        Assert.Equal(all.Count, first.GetProperty("total").GetInt32());
        Assert.True(all.Count > 2, $"{all.Count} kept shots");
        Assert.Equal(all.Take(4).Select(Id), first.GetProperty("shots").EnumerateArray().Concat(second.GetProperty("shots").EnumerateArray()).Select(Id));
    }

    [Fact]
    public async Task A_cursor_scrolls_every_shot_once_a_page_at_a_time()
    {
        var all = (await ShotsAsync($"/api/v1/shots?titles={Title},{ServedFootageFixture.OtherTitle}")).Select(Id).ToList();
        var seen = new List<string>();
        var cursor = "";
        for (var pages = 0; cursor is not null; pages++)
        {
            Assert.True(pages <= all.Count, "the scroll does not end");
            var page = await _http.GetFromJsonAsync<JsonElement>($"/api/v1/shots?titles={Title},{ServedFootageFixture.OtherTitle}&pageSize=2&cursor={cursor}");
            var shots = page.GetProperty("shots").EnumerateArray().ToList();
            Assert.True(shots.Count <= 2);
            seen.AddRange(shots.Select(Id));
            cursor = page.GetProperty("next").GetString();
        }
        Assert.Equal(all.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
        Assert.Equal(seen.Count, seen.Distinct().Count());

        foreach (var bad in new[] { "cursor=%25%25%25", "cursor=bm90LWEtY3Vyc29y", "page=1&cursor=" })
        {
            using var refused = await _http.GetAsync($"/api/v1/shots?{bad}");
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }
    }

    private async Task<List<JsonElement>> ShotsAsync(string path)
    {
        var page = await _http.GetFromJsonAsync<JsonElement>(path + (path.Contains('?') ? "&" : "?") + "pageSize=200");
        var shots = page.GetProperty("shots").EnumerateArray().ToList();
        Assert.Equal(page.GetProperty("total").GetInt32(), shots.Count);
        return shots;
    }

    private static string Id(JsonElement shot) => shot.GetProperty("shotId").GetString()!;

    private static List<string> Tags(JsonElement shot) => shot.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!).ToList();

    private static bool Covers(JsonElement shot, double sec) =>
        shot.GetProperty("startSec").GetDouble() <= sec && sec < shot.GetProperty("endSec").GetDouble();

    [Theory]
    [InlineData("automobile", "car")]
    [InlineData("a car exploding", "car")]
    [InlineData("sofa", "couch")]
    [InlineData("television", "tv")]
    [InlineData("puppy", "dog")]
    [InlineData("a woman", "person")]
    [InlineData("aeroplane", "airplane")]
    [InlineData("people talking", "person")]
    [InlineData("two men fighting", "person")]
    [InlineData("a crowd", "person")]
    [InlineData("a girl running", "person")]
    [InlineData("pedestrians", "person")]
    [InlineData("an old lady", "person")]
    [InlineData("a red sports car", "car")]
    [InlineData("kitten", "cat")]
    public void Words_stand_for_the_detector_class_they_name(string words, string tag)
    {
        var classes = footage.Services.GetRequiredService<WordSearch>().ClassesOf(words);
        Assert.Equal(tag, classes.First().Tag);
        Assert.All(classes, c => Assert.True(c.Similarity >= 0.55f, $"{c.Tag} {c.Similarity}"));
    }

    [Fact]
    public async Task Words_find_the_shots_tagged_with_their_class_and_the_command_line_gives_the_same_hits()
    {
        var tagged = (await ShotsAsync("/api/v1/shots?tag=person")).Select(Id).ToHashSet();
        Assert.NotEmpty(tagged);
        var found = await _http.GetFromJsonAsync<JsonElement>("/api/v1/search/words?q=a%20woman&k=50");
        Assert.Equal("person", found.GetProperty("classes")[0].GetProperty("tag").GetString());
        Assert.Contains("minilm", found.GetProperty("method").GetString());
        var hits = found.GetProperty("shots").EnumerateArray().ToList();
        Assert.Equal(Math.Min(50, tagged.Count), hits.Count);
        Assert.All(hits, h => Assert.Contains(Id(h.GetProperty("shot")), tagged));
        Assert.All(hits, h => Assert.Contains("person", Tags(h.GetProperty("shot"))));

        // Only the titles asked for.
        var one = await _http.GetFromJsonAsync<JsonElement>($"/api/v1/search/words?q=a%20woman&titles={Title}");
        Assert.All(one.GetProperty("shots").EnumerateArray(), h => Assert.Equal(Title, h.GetProperty("shot").GetProperty("titleId").GetString()));

        // Words that stand for no class say so and find nothing, rather than anything.
        var none = await _http.GetFromJsonAsync<JsonElement>("/api/v1/search/words?q=quantum%20chromodynamics");
        Assert.Equal(0, none.GetProperty("classes").GetArrayLength());
        Assert.Equal(0, none.GetProperty("shots").GetArrayLength());
        using (var empty = await _http.GetAsync("/api/v1/search/words?q=%20"))
            Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        using (var flood = await _http.GetAsync("/api/v1/search/words?q=" + new string('a', 300)))
            Assert.Equal(HttpStatusCode.BadRequest, flood.StatusCode);

        // GET /search (text on screen and tags) finds the same tagged shots, each saying so, and
        // `matchcut search --words` over the same store gives its hits.
        var search = await _http.GetFromJsonAsync<JsonElement>("/api/v1/search?q=a%20woman&pageSize=50");
        var searchHits = search.GetProperty("shots").EnumerateArray().ToList();
        Assert.Equal(hits.Select(h => Id(h.GetProperty("shot"))).Order(), searchHits.Select(h => Id(h.GetProperty("shot"))).Order());
        Assert.All(searchHits, h => Assert.StartsWith("tag person ", h.GetProperty("why")[0].GetString()));
        var store = ((FileSystemObjectStore)footage.Services.GetRequiredService<IObjectStore>()).Root;
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await SearchCommand.RunAsync(new SearchRequest(null, store, null, 50, Json: true, Words: "a woman"), output, error, CancellationToken.None);
        Assert.True(code == 0, error.ToString());
        var cli = JsonDocument.Parse(output.ToString()).RootElement;
        Assert.Equal(searchHits.Select(h => Id(h.GetProperty("shot"))), cli.GetProperty("shots").EnumerateArray().Select(h => Id(h.GetProperty("shot"))));
    }

    [Fact]
    public async Task Expensive_queries_are_held_to_their_time_and_concurrency_limits()
    {
        var port = TestPorts.Free();
        var store = ((FileSystemObjectStore)footage.Services.GetRequiredService<IObjectStore>()).Root;
        var scratch = Directory.CreateTempSubdirectory("matchcut-limits-").FullName;
        var app = ServeCommand.Build(store, $"http://127.0.0.1:{port}", TestMedia.Folder, new Dictionary<string, string?>
        {
            ["Media:ScratchFolder"] = scratch,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Query:Limits:search:Concurrency"] = "1",
            ["Query:Limits:search:Queue"] = "0",
            ["Query:Limits:cross-title:TimeoutSeconds"] = "0.001",
        });
        try
        {
            await ServeCommand.StartAsync(app, CancellationToken.None);
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var shot = (await ShotsAsync($"/api/v1/shots?titles={Title}"))[0];
            var picture = await footage.Http.GetByteArrayAsync($"/api/v1/shots/{Id(shot)}/keyframe");

            // Eight pictures at once against one permit and no queue: some run, the others get 503 with Retry-After.
            var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
            {
                using var body = new ByteArrayContent(picture);
                body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/jpeg");
                using var response = await http.PostAsync("/api/v1/search/image?k=5", body);
                return (response.StatusCode, RetryAfter: response.Headers.RetryAfter?.ToString(), Text: await response.Content.ReadAsStringAsync());
            }));
            Assert.Contains(answers, a => a.StatusCode == HttpStatusCode.OK);
            Assert.Contains(answers, a => a.StatusCode == HttpStatusCode.ServiceUnavailable);
            Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"{a.StatusCode}: {a.Text}"));
            Assert.All(answers.Where(a => a.StatusCode == HttpStatusCode.ServiceUnavailable), a =>
            {
                Assert.Equal("1", a.RetryAfter);
                Assert.Contains("Query:Limits:search", a.Text);
            });

            // Match cuts across titles past their time: stopped, 504 naming the setting.
            using var slow = await http.GetAsync($"/api/v1/matches?titles={Title},{ServedFootageFixture.OtherTitle}&flavour=frame&k=5");
            Assert.Equal(HttpStatusCode.GatewayTimeout, slow.StatusCode);
            Assert.Contains("Query:Limits:cross-title:TimeoutSeconds", await slow.Content.ReadAsStringAsync());

            // What is not limited goes on.
            using var titles = await http.GetAsync("/api/v1/titles");
            Assert.Equal(HttpStatusCode.OK, titles.StatusCode);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            Directory.Delete(scratch, recursive: true);
        }
    }

    [Fact]
    public async Task Clips_answer_byte_ranges_from_the_filesystem_store() => await ClipRanges.AssertServedAsync(footage.Http, Title);

    [Fact]
    public async Task A_clip_is_cut_when_first_asked_for_with_exactly_the_shots_frames_and_then_kept()
    {
        var store = footage.Services.GetRequiredService<IObjectStore>();
        var catalog = new AssetCatalog(store);
        var asset = (await catalog.AssetsOfTitleAsync(Title)).Single().AssetId;
        var features = (await catalog.GetFeaturesAsync(asset))!;
        var shots = (await store.GetJsonAsync<ShotList>(features.Require(FeatureNames.Shots).Key)).Shots;
        // The last shot: no other test asks for it, so nothing has cut it yet.
        var shot = shots[^1];
        Assert.False(await store.ExistsAsync(shot.ClipKey), "the pipeline cuts no clip");

        var started = System.Diagnostics.Stopwatch.StartNew();
        var requests = Enumerable.Range(0, 3).Select(_ => _http.GetByteArrayAsync($"/api/v1/shots/{ShotIds.Of(asset, shot.Index)}/clip")).ToList();
        var answers = await Task.WhenAll(requests);
        var firstRequest = started.Elapsed;
        Assert.All(answers, a => Assert.Equal(answers[0], a));
        Assert.True(await store.ExistsAsync(shot.ClipKey), "the clip is kept once cut");

        // Frame-exact: the clip holds the shot's standardized frames, its first picture being the shot's first frame.
        var root = ((FileSystemObjectStore)store).Root;
        var clipPath = Path.Combine(root, shot.ClipKey);
        var probe = await new Media.VideoProber(new Media.MediaOptions()).ProbeAsync(clipPath);
        Assert.Equal(shot.StdLast - shot.StdFirst + 1, probe.FrameCount);
        var std = Path.Combine(root, features.Require(FeatureNames.StdVideo).Key);
        var fromClip = GrayFrame(clipPath, 0);
        var fromStd = GrayFrame(std, shot.StdFirst);
        var before = GrayFrame(std, shot.StdFirst - 1);
        Assert.True(MeanDifference(fromClip, fromStd) < 3, $"the clip starts at the shot's first frame (difference {MeanDifference(fromClip, fromStd):F1})");
        Assert.True(MeanDifference(fromClip, before) > MeanDifference(fromClip, fromStd) + 10, "and not at the frame before the cut");
        // A shot of a few seconds at the standardized size is cut well within the first request.
        Assert.True(firstRequest < TimeSpan.FromSeconds(10), $"first request took {firstRequest.TotalSeconds:F1} s");
    }

    // One frame of a video as 64x36 grey levels.
    private static byte[] GrayFrame(string video, int frame)
    {
        var info = new System.Diagnostics.ProcessStartInfo("ffmpeg") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-nostdin", "-v", "error", "-i", video, "-vf", $"select=eq(n\\,{frame}),scale=64:36", "-frames:v", "1", "-pix_fmt", "gray", "-f", "rawvideo", "-" })
            info.ArgumentList.Add(a);
        using var process = System.Diagnostics.Process.Start(info)!;
        using var buffer = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(buffer);
        process.WaitForExit();
        Assert.Equal(64 * 36, buffer.Length);
        return buffer.ToArray();
    }

    private static double MeanDifference(byte[] a, byte[] b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Average();

    [Fact]
    public async Task A_refill_leaves_out_and_names_an_asset_whose_results_are_damaged_and_takes_it_once_it_reads()
    {
        var copy = Directory.CreateTempSubdirectory("matchcut-damaged-").FullName;
        try
        {
            var served = footage.Services.GetRequiredService<IObjectStore>();
            var source = ((FileSystemObjectStore)served).Root;
            foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(copy, Path.GetRelativePath(source, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
            var store = new FileSystemObjectStore(copy);
            var catalog = new AssetCatalog(store);
            var damagedAsset = (await catalog.AssetsOfTitleAsync(ServedFootageFixture.OtherTitle)).Single().AssetId;
            var embeddings = Path.Combine(copy, (await catalog.GetFeaturesAsync(damagedAsset))!.Require(FeatureNames.Embeddings).Key);
            var intact = await File.ReadAllBytesAsync(embeddings);
            await File.WriteAllTextAsync(embeddings, "{ \"flavours\": [ damaged");

            var index = new InMemoryVectorIndex();
            var refill = new IndexRefill(new ShotReindexer(store, catalog, new ShotIndexer(store, index, Microsoft.Extensions.Options.Options.Create(new TagsOptions())), NullLogger<ShotReindexer>.Instance),
                Microsoft.Extensions.Options.Options.Create(new IndexRefillOptions { RetrySeconds = 1 }), NullLogger<IndexRefill>.Instance);
            await refill.StartAsync(CancellationToken.None);
            try
            {
                var health = await HealthWhenAsync(refill, h => h.Status != HealthStatus.Unhealthy);
                // Ready (degraded, not unhealthy): the intact title is served, the damaged asset is named.
                Assert.Equal(HealthStatus.Degraded, health.Status);
                Assert.Contains(damagedAsset, health.Description);
                Assert.NotEmpty((await index.ListAsync(new ShotFilter(Titles: [Title]), 0, 10)).Shots);
                Assert.Empty((await index.ListAsync(new ShotFilter(Titles: [ServedFootageFixture.OtherTitle]), 0, 10)).Shots);

                // Repaired in the store, it is taken on the next pass without a restart.
                await File.WriteAllBytesAsync(embeddings, intact);
                await HealthWhenAsync(refill, h => h.Status == HealthStatus.Healthy);
                Assert.NotEmpty((await index.ListAsync(new ShotFilter(Titles: [ServedFootageFixture.OtherTitle]), 0, 10)).Shots);
            }
            finally
            {
                await refill.StopAsync(CancellationToken.None);
            }
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    private static async Task<HealthCheckResult> HealthWhenAsync(IndexRefill refill, Func<HealthCheckResult, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var health = await refill.CheckHealthAsync(new HealthCheckContext());
            if (done(health)) return health;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the refill's health stayed {health.Status}: {health.Description}");
            await Task.Delay(100);
        }
    }
}

/// <summary>issue-195-aspect-ratio.mp4 and testvideo.mp4 landed once through `matchcut serve`'s API, with the models, in a temp store.</summary>
public sealed class ServedFootageFixture() : ServedTitlesFixture("search")
{
    public const string Title = "search-195";
    public const string OtherTitle = "search-testvideo";

    protected override IEnumerable<(string Title, string Source)> Titles() =>
        [(Title, TestMedia.File("issue-195-aspect-ratio.mp4")), (OtherTitle, TestMedia.File("testvideo.mp4"))];
}
