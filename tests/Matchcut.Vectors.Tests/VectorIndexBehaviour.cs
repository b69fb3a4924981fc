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
        var points = vectors.Select((v, i) => SyntheticShots.Point(Look, v, i, titles: 4, shotsPerAsset: 10)).ToList();
        await index.UpsertAsync(points);
        return (index, points);
    }

    [Fact]
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

    [Fact]
    public async Task Titles_filter_keeps_only_shots_of_those_titles()
    {
        var (index, points) = await SeededAsync();
        var query = new VectorQuery(Look, points[3].Vectors[Look], 8, Titles: ["title1", "title3"]);

        var hits = await index.SearchAsync(query);

        Assert.Equal(8, hits.Count);
        Assert.All(hits, h => Assert.Contains(h.Payload.TitleId, new[] { "title1", "title3" }));
        Assert.Equal(BruteForce.Search(points, query).Select(h => h.ShotId), hits.Select(h => h.ShotId));
    }

    [Fact]
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

    [Fact]
    public async Task Upserting_an_existing_shot_replaces_it()
    {
        var (index, points) = await SeededAsync();
        var moved = points[5] with { Vectors = new Dictionary<string, float[]> { [Look] = points[90].Vectors[Look] } };

        await index.UpsertAsync([moved]);
        var hits = await index.SearchAsync(new VectorQuery(Look, points[90].Vectors[Look], 2));

        Assert.Equal(new[] { points[5].ShotId, points[90].ShotId }.Order(), hits.Select(h => h.ShotId).Order());
    }

    [Fact]
    public async Task Get_returns_the_payload_and_the_direction_of_each_vector()
    {
        var (index, points) = await SeededAsync();

        var point = await index.GetAsync(points[11].ShotId);

        Assert.NotNull(point);
        Assert.Equal(points[11].Payload, point.Payload);
        Assert.Equal(1, BruteForce.Cosine(points[11].Vectors[Look], point.Vectors[Look]), 4);
        Assert.Null(await index.GetAsync("no-such-shot-1"));
    }

    [Fact]
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

    [Fact]
    public async Task Changing_a_flavour_dimension_recreates_it_empty()
    {
        var (index, points) = await SeededAsync();

        await index.EnsureFlavoursAsync(new Dictionary<string, int> { [Look] = 12, [Motion] = 4 });
        var wider = SyntheticShots.Point(Look, SyntheticShots.Gaussian(new Random(1), 12, 1f), 500);
        await index.UpsertAsync([wider]);
        var hits = await index.SearchAsync(new VectorQuery(Look, wider.Vectors[Look], 10));

        Assert.Equal(wider.ShotId, Assert.Single(hits).ShotId);
        Assert.Null(await index.GetAsync(points[0].ShotId));
    }

    [Fact]
    public async Task Ensuring_the_same_flavours_again_keeps_the_shots()
    {
        var (index, points) = await SeededAsync();

        await index.EnsureFlavoursAsync(new Dictionary<string, int> { [Look] = 8, [Motion] = 4 });

        Assert.NotNull(await index.GetAsync(points[0].ShotId));
    }

    [Fact]
    public async Task A_vector_of_the_wrong_dimension_is_rejected()
    {
        var (index, _) = await SeededAsync();
        var wrong = SyntheticShots.Point(Look, new float[3] { 1, 2, 3 }, 700);

        await Assert.ThrowsAnyAsync<ArgumentException>(() => index.UpsertAsync([wrong]));
    }
}
