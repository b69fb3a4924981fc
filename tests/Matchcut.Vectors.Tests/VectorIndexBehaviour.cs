using Matchcut.Vectors;

namespace Matchcut.Vectors.Tests;

/// <summary>What every IVectorIndex must do; each implementation's test class derives from this and supplies a fresh, empty index.</summary>
public abstract class VectorIndexBehaviour
{
    protected const string Look = "look";
    protected const string Motion = "motion";

    protected abstract Task<IVectorIndex> CreateIndexAsync();

    private async Task<(IVectorIndex Index, List<ShotPoint> Points)> SeededAsync(int count = 120, int dimension = 8)
    {
        var index = await CreateIndexAsync();
        await index.EnsureFlavoursAsync(new Dictionary<string, int> { [Look] = dimension, [Motion] = 4 });
        var vectors = SyntheticShots.Clustered(count, dimension, clusters: 6, seed: 7);
        var points = vectors.Select((v, i) => Annotated(SyntheticShots.Point(Look, v, i, titles: 4, shotsPerAsset: 10), i)).ToList();
        await index.UpsertAsync(points);
        return (index, points);
    }

    /// <summary>Every third shot shows a person, every fifth a bird; scales cycle close-up, medium, wide; every seventh has no annotations.</summary>
    private static ShotPoint Annotated(ShotPoint point, int i)
    {
        if (i % 7 == 0) return point;
        var tags = new List<string>();
        if (i % 3 == 0) tags.Add("person");
        if (i % 5 == 0) tags.Add("bird");
        return point with { Payload = point.Payload with { Tags = tags, Scale = Scales[i % 3] } };
    }

    private static readonly string[] Scales = ["close-up", "medium", "wide"];

    [IndexFact]
    public async Task Search_returns_the_nearest_shots_best_first()
    {
        var (index, points) = await SeededAsync();
        var query = new VectorQuery(Look, points[17].Vectors[Look], 5);

        var hits = await index.SearchAsync(query);

        Assert.Equal(BruteForce.Search(points, query).Select(h => h.ShotId), hits.Select(h => h.ShotId));
        Assert.Equal(points[17].ShotId, hits[0].ShotId);
        Assert.Equal(1f, hits[0].Score, 0.01f);
        Assert.Equal(points[17].Payload, hits[0].Payload);
    }

    [IndexFact]
    public async Task Titles_filter_keeps_only_shots_of_those_titles()
    {
        var (index, points) = await SeededAsync();
        var query = new VectorQuery(Look, points[3].Vectors[Look], 8, Titles: ["title1", "title3"]);

        var hits = await index.SearchAsync(query);

        Assert.Equal(8, hits.Count);
        Assert.All(hits, h => Assert.Contains(h.Payload.TitleId, new[] { "title1", "title3" }));
        Assert.Equal(BruteForce.Search(points, query).Select(h => h.ShotId), hits.Select(h => h.ShotId));
    }

    [IndexFact]
    public async Task Excluded_title_and_the_query_shot_itself_are_left_out()
    {
        var (index, points) = await SeededAsync();
        var self = points[42];
        var query = new VectorQuery(Look, self.Vectors[Look], 10, ExcludeTitle: "title0", ExcludeShotId: self.ShotId);

        var hits = await index.SearchAsync(query);

        Assert.Equal(10, hits.Count);
        Assert.DoesNotContain(hits, h => h.Payload.TitleId == "title0" || h.ShotId == self.ShotId);
        Assert.Equal(BruteForce.Search(points, query).Select(h => h.ShotId), hits.Select(h => h.ShotId));
    }

    [IndexFact]
    public async Task Upserting_an_existing_shot_replaces_it()
    {
        var (index, points) = await SeededAsync();
        var moved = points[5] with { Vectors = new Dictionary<string, float[]> { [Look] = points[90].Vectors[Look] } };

        await index.UpsertAsync([moved]);
        var hits = await index.SearchAsync(new VectorQuery(Look, points[90].Vectors[Look], 2));

        Assert.Equal(new[] { points[5].ShotId, points[90].ShotId }.Order(), hits.Select(h => h.ShotId).Order());
    }

    [IndexFact]
    public async Task Get_returns_the_payload_and_the_direction_of_each_vector()
    {
        var (index, points) = await SeededAsync();

        var point = await index.GetAsync(points[11].ShotId);

        Assert.NotNull(point);
        Assert.Equal(points[11].Payload, point.Payload);
        Assert.Equal(1, BruteForce.Cosine(points[11].Vectors[Look], point.Vectors[Look]), 4);
        Assert.Null(await index.GetAsync("no-such-shot-1"));
    }

    [IndexFact]
    public async Task Deleting_an_asset_removes_all_its_shots_and_nothing_else()
    {
        var (index, points) = await SeededAsync();

        var removed = await index.DeleteAssetAsync("asset2");
        var hits = await index.SearchAsync(new VectorQuery(Look, points[25].Vectors[Look], 200));

        Assert.True(removed is 10 or -1, $"removed {removed}");
        Assert.Equal(points.Count - 10, hits.Count);
        Assert.DoesNotContain(hits, h => h.Payload.AssetId == "asset2");
        Assert.Null(await index.GetAsync(points[25].ShotId));
    }

    [IndexFact]
    public async Task Changing_a_flavour_dimension_is_refused_and_keeps_every_shot()
    {
        var (index, points) = await SeededAsync();

        var error = await Assert.ThrowsAsync<VectorDimensionException>(() =>
            index.EnsureFlavoursAsync(new Dictionary<string, int> { [Look] = 12, [Motion] = 4 }));
        var hits = await index.SearchAsync(new VectorQuery(Look, points[0].Vectors[Look], 200));

        Assert.Equal((Look, 8, 12), (error.Flavour, error.Stored, error.Requested));
        Assert.Contains("8-dimensional", error.Message);
        Assert.Equal(points.Count, hits.Count);
        Assert.NotNull(await index.GetAsync(points[0].ShotId));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => index.UpsertAsync([SyntheticShots.Point(Look, new float[12], 900)]));
    }

    [IndexFact]
    public async Task A_new_flavour_joins_without_touching_the_shots_held()
    {
        var (index, points) = await SeededAsync();

        await index.EnsureFlavoursAsync(new Dictionary<string, int> { [Look] = 8, [Motion] = 4, ["camera"] = 5 });
        var moving = SyntheticShots.Point("camera", [1f, 0f, 0f, 0f, 1f], 600);
        await index.UpsertAsync([moving]);

        Assert.NotNull(await index.GetAsync(points[3].ShotId));
        Assert.Equal(moving.ShotId, Assert.Single(await index.SearchAsync(new VectorQuery("camera", [1f, 0f, 0f, 0f, 1f], 5))).ShotId);
    }

    // Silhouettes: shots without a person mask carry no silhouette vector, and must never be found in that flavour.
    [IndexFact]
    public async Task A_shot_without_a_flavours_vector_is_never_found_in_it_even_after_it_lost_one()
    {
        var (index, points) = await SeededAsync();
        var carriers = points.Where((_, i) => i % 4 == 0)
            .Select(p => p with { Vectors = new Dictionary<string, float[]>(p.Vectors) { [Motion] = [1f, 0.5f, 0f, 0f] } }).ToList();
        await index.UpsertAsync(carriers);
        var lost = points[0];
        await index.UpsertAsync([lost]); // shot 0 again, now without a motion vector

        var hits = await index.SearchAsync(new VectorQuery(Motion, [1f, 0.5f, 0f, 0f], 200));
        var look = await index.SearchAsync(new VectorQuery(Look, lost.Vectors[Look], 1));

        Assert.Equal(carriers.Skip(1).Select(p => p.ShotId).Order(StringComparer.Ordinal), hits.Select(h => h.ShotId).Order(StringComparer.Ordinal));
        Assert.Equal(lost.ShotId, Assert.Single(look).ShotId);
        Assert.False((await index.GetAsync(lost.ShotId))!.Vectors.ContainsKey(Motion));
        Assert.True((await index.GetAsync(carriers[1].ShotId))!.Vectors.ContainsKey(Motion));
    }

    [IndexFact]
    public async Task Search_keeps_only_shots_with_every_asked_tag_and_the_asked_scale()
    {
        var (index, points) = await SeededAsync();
        var query = new VectorQuery(Look, points[9].Vectors[Look], 6, Tags: ["person"], Scale: "close-up");

        var hits = await index.SearchAsync(query);

        Assert.Equal(6, hits.Count);
        Assert.All(hits, h => Assert.Contains("person", h.Payload.TagList));
        Assert.All(hits, h => Assert.Equal("close-up", h.Payload.Scale));
        Assert.Equal(BruteForce.Search(points, query).Select(h => h.ShotId), hits.Select(h => h.ShotId));
        Assert.Empty(await index.SearchAsync(query with { Tags = ["person", "giraffe"] }));
    }

    [IndexFact]
    public async Task Listing_finds_shots_by_tag_scale_and_titles_without_a_vector_in_a_stable_order()
    {
        var (index, points) = await SeededAsync();
        var filter = new ShotFilter(Titles: ["title1", "title2"], Tags: ["bird"]);
        var expected = points.Where(p => filter.Allows(p.ShotId, p.Payload))
            .Select(p => new IndexedShot(p.ShotId, p.Payload))
            .OrderBy(s => s.Payload.TitleId, StringComparer.Ordinal).ThenBy(s => s.Payload.AssetId, StringComparer.Ordinal).ThenBy(s => s.Payload.ShotIndex)
            .ToList();

        var first = await index.ListAsync(filter, skip: 0, take: 3);
        var rest = await index.ListAsync(filter, skip: 3, take: 100);

        Assert.Equal(expected.Count, first.Total);
        Assert.True(expected.Count > 3, $"{expected.Count} birds");
        Assert.Equal(expected, first.Shots.Concat(rest.Shots));
        Assert.Equal(points.Count(p => p.Payload.Scale == "medium"), (await index.ListAsync(new ShotFilter(Scale: "medium"), 0, 200)).Total);
        Assert.Equal(0, (await index.ListAsync(new ShotFilter(Tags: ["giraffe"]), 0, 10)).Total);
        Assert.Equal(points.Count, (await index.ListAsync(ShotFilter.All, 0, 1)).Total);
    }

    [IndexFact]
    public async Task Scrolling_a_filter_page_by_page_gives_each_passing_shot_once_and_ends()
    {
        var (index, points) = await SeededAsync();
        var filter = new ShotFilter(Titles: ["title1", "title2"], Tags: ["bird"]);
        var expected = points.Where(p => filter.Allows(p.ShotId, p.Payload)).Select(p => p.ShotId).Order(StringComparer.Ordinal).ToList();
        Assert.True(expected.Count > 3, $"{expected.Count} birds");

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await index.ScrollAsync(filter, cursor, take: 3);
            Assert.True(page.Shots.Count <= 3);
            Assert.All(page.Shots, s => Assert.True(filter.Allows(s.ShotId, s.Payload)));
            seen.AddRange(page.Shots.Select(s => s.ShotId));
            cursor = page.Next;
            Assert.True(++pages <= points.Count, "the scroll does not end");
        } while (cursor is not null);

        Assert.Equal(expected, seen.Order(StringComparer.Ordinal));
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Empty((await index.ScrollAsync(new ShotFilter(Tags: ["giraffe"]), null, 10)).Shots);
        await Assert.ThrowsAsync<InvalidCursorException>(() => index.ScrollAsync(filter, "not-a-cursor", 3));
    }

    [IndexFact]
    public async Task Ensuring_the_same_flavours_again_keeps_the_shots()
    {
        var (index, points) = await SeededAsync();

        await index.EnsureFlavoursAsync(new Dictionary<string, int> { [Look] = 8, [Motion] = 4 });

        Assert.NotNull(await index.GetAsync(points[0].ShotId));
    }

    [IndexFact]
    public async Task A_vector_of_the_wrong_dimension_is_rejected()
    {
        var (index, _) = await SeededAsync();
        var wrong = SyntheticShots.Point(Look, new float[3] { 1, 2, 3 }, 700);

        await Assert.ThrowsAnyAsync<ArgumentException>(() => index.UpsertAsync([wrong]));
    }
}
