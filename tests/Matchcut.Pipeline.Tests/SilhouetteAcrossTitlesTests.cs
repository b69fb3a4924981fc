using System.Net;
using System.Net.Http.Json;
using System.Numerics;
using System.Text.Json;
using Matchcut.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Matchcut.Pipeline.Tests;

/// <summary>
/// Silhouettes across titles over HTTP on real footage through the whole pipeline with the models: candidates come from
/// the index's coarse mask vectors, and every answer is scored and ranked by the IoU of the two shots' stored masks.
/// Few shots, so the candidates cover every shot with a mask and the answers must equal scoring every pair by IoU.
/// </summary>
public sealed class SilhouetteAcrossTitlesTests(SilhouetteFootageFixture footage) : IClassFixture<SilhouetteFootageFixture>
{
    private const string A = SilhouetteFootageFixture.Title, B = SilhouetteFootageFixture.OtherTitle;
    private readonly HttpClient _http = footage.Http;

    [Fact]
    public async Task Silhouette_matches_across_two_titles_pair_their_shots_by_the_iou_of_the_stored_masks()
    {
        var masks = await MasksAsync();

        var body = await _http.GetFromJsonAsync<JsonElement>($"/api/v1/matches?titles={A},{B}&flavour=silhouette&k=10");

        Assert.Equal("silhouette", body.GetProperty("flavour").GetString());
        var method = body.GetProperty("provenance").GetProperty("method").GetString()!;
        Assert.Contains("coarse mask vector candidates", method);
        Assert.EndsWith("mask IoU", method);
        var pairs = body.GetProperty("pairs").EnumerateArray().ToList();
        Assert.NotEmpty(pairs);
        Assert.Equal(Enumerable.Range(1, pairs.Count), pairs.Select(p => p.GetProperty("rank").GetInt32()));
        foreach (var p in pairs)
        {
            Assert.Equal(A, p.GetProperty("a").GetProperty("titleId").GetString());
            Assert.Equal(B, p.GetProperty("b").GetProperty("titleId").GetString());
            Assert.Equal(footage.AssetOf[A], p.GetProperty("a").GetProperty("assetId").GetString());
            Assert.Equal(footage.AssetOf[B], p.GetProperty("b").GetProperty("assetId").GetString());
            var (a, b) = (masks[Id(p.GetProperty("a"))], masks[Id(p.GetProperty("b"))]);
            Assert.Equal(IoU(a, b), p.GetProperty("score").GetDouble(), 6);
        }
        // Every pair of masks across the two titles scored one by one: the same pairs, in the same order.
        var expected = masks.Where(m => m.Key.StartsWith(footage.AssetOf[A] + "-", StringComparison.Ordinal))
            .SelectMany(a => masks.Where(m => m.Key.StartsWith(footage.AssetOf[B] + "-", StringComparison.Ordinal)).Select(b => (A: a.Key, B: b.Key, IoU: Math.Round(IoU(a.Value, b.Value), 6))))
            .Where(p => p.IoU > 0).OrderByDescending(p => p.IoU).ThenBy(p => Index(p.A)).ThenBy(p => Index(p.B)).Take(10).ToList();
        Assert.Equal(expected, pairs.Select(p => (Id(p.GetProperty("a")), Id(p.GetProperty("b")), p.GetProperty("score").GetDouble())).ToList());
    }

    [Fact]
    public async Task Similar_silhouettes_are_shots_with_masks_ranked_by_mask_iou()
    {
        var masks = await MasksAsync();
        // The shot of the first title whose mask overlaps most others: its answer has the most to rank.
        var query = masks.Keys.Where(k => k.StartsWith(footage.AssetOf[A] + "-", StringComparison.Ordinal))
            .OrderByDescending(k => masks.Count(m => m.Key != k && IoU(masks[k], m.Value) > 0)).ThenBy(Index).First();

        var body = await _http.GetFromJsonAsync<JsonElement>($"/api/v1/shots/{query}/similar?flavour=silhouette&k=10");

        Assert.EndsWith("mask IoU", body.GetProperty("method").GetString());
        var hits = body.GetProperty("shots").EnumerateArray().ToList();
        Assert.True(hits.Count >= 2, $"{hits.Count} silhouette neighbours of {query}");
        Assert.Contains(hits, h => h.GetProperty("shot").GetProperty("titleId").GetString() == B);
        var expected = masks.Where(m => m.Key != query).Select(m => (Id: m.Key, IoU: IoU(masks[query], m.Value))).Where(m => m.IoU > 0)
            .OrderByDescending(m => m.IoU).ThenBy(m => m.Id, StringComparer.Ordinal).Take(10).ToList();
        Assert.Equal(expected.Select(e => e.Id), hits.Select(h => Id(h.GetProperty("shot"))));
        foreach (var (h, e) in hits.Zip(expected)) Assert.Equal(e.IoU, h.GetProperty("score").GetDouble(), 5);
    }

    [Fact]
    public async Task A_shot_without_a_person_is_never_a_silhouette_hit_and_cannot_be_searched_by_one()
    {
        var masks = await MasksAsync();
        var kept = await KeptShotsAsync();
        var maskless = kept.Where(k => !masks.ContainsKey(k)).ToHashSet();
        Assert.NotEmpty(maskless); // the deer of the second title at least

        var across = await _http.GetFromJsonAsync<JsonElement>($"/api/v1/matches?titles={A},{B}&flavour=silhouette&k=200");
        Assert.DoesNotContain(across.GetProperty("pairs").EnumerateArray(), p => maskless.Contains(Id(p.GetProperty("a"))) || maskless.Contains(Id(p.GetProperty("b"))));
        foreach (var shot in masks.Keys)
        {
            var similar = await _http.GetFromJsonAsync<JsonElement>($"/api/v1/shots/{shot}/similar?flavour=silhouette&k=200");
            Assert.DoesNotContain(similar.GetProperty("shots").EnumerateArray(), h => maskless.Contains(Id(h.GetProperty("shot"))));
        }
        var without = maskless.Order(StringComparer.Ordinal).First();
        using var refused = await _http.GetAsync($"/api/v1/shots/{without}/similar?flavour=silhouette");
        using var byFrame = await _http.GetAsync($"/api/v1/shots/{without}/similar?flavour=frame");
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Contains("no 'silhouette' vector", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, byFrame.StatusCode);
    }

    /// <summary>Every kept shot's stored person mask (EmbedGpu's annotations, as the asset's manifest names them), by shot id.</summary>
    private async Task<Dictionary<string, Silhouette>> MasksAsync()
    {
        var masks = new Dictionary<string, Silhouette>(StringComparer.Ordinal);
        foreach (var (asset, annotations) in await AnnotationsAsync())
            foreach (var a in annotations.Shots.Where(a => a.Silhouette is not null)) masks[$"{asset}-{a.Shot}"] = a.Silhouette!;
        return masks;
    }

    private async Task<List<string>> KeptShotsAsync() =>
        (await AnnotationsAsync()).SelectMany(x => x.Annotations.Shots.Select(a => $"{x.Asset}-{a.Shot}")).ToList();

    private async Task<List<(string Asset, ShotAnnotationSet Annotations)>> AnnotationsAsync()
    {
        var store = footage.Services.GetRequiredService<IObjectStore>();
        var catalog = new AssetCatalog(store);
        var sets = new List<(string, ShotAnnotationSet)>();
        foreach (var asset in new[] { footage.AssetOf[A], footage.AssetOf[B] })
        {
            var features = await catalog.RequireFeaturesAsync(asset);
            sets.Add((asset, await store.GetJsonAsync<ShotAnnotationSet>(features.Require(FeatureNames.Annotations).Key)));
        }
        return sets;
    }

    /// <summary>IoU of two bit-packed masks of one grid, counted here cell by cell.</summary>
    private static double IoU(Silhouette a, Silhouette b)
    {
        if (a.Width != b.Width || a.Height != b.Height) return 0;
        int inter = 0, union = 0;
        for (var i = 0; i < a.Width * a.Height; i++)
        {
            bool x = (a.Bits[i >> 3] & (1 << (i & 7))) != 0, y = (b.Bits[i >> 3] & (1 << (i & 7))) != 0;
            if (x && y) inter++;
            if (x || y) union++;
        }
        return union == 0 ? 0 : (double)inter / union;
    }

    private static string Id(JsonElement shot) => shot.GetProperty("shotId").GetString()!;

    private static int Index(string shotId) => int.Parse(shotId[(shotId.LastIndexOf('-') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// Two titles with people: issue-195-aspect-ratio.mp4 (hands, two women at a table) and <see cref="TestMedia.PeopleCuts"/>
/// (GoldenEye's two people, the deer, issue-195's women and hands mirrored), both 16:9, so their masks share the 32x18 grid.
/// </summary>
public sealed class SilhouetteFootageFixture() : ServedTitlesFixture("silhouette")
{
    public const string Title = "people-195";
    public const string OtherTitle = "people-cuts";

    protected override IEnumerable<(string Title, string Source)> Titles() =>
        [(Title, TestMedia.File("issue-195-aspect-ratio.mp4")), (OtherTitle, TestMedia.PeopleCuts(Path.Combine(Inputs, "people-cuts.mp4")))];
}
