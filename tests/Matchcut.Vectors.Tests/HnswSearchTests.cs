using System.Diagnostics;
using Matchcut.Vectors.InProcess;
using Xunit.Abstractions;

namespace Matchcut.Vectors.Tests;

public sealed class HnswSearchTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Hnsw_recall_at_10_is_at_least_95_percent_on_clustered_shots()
    {
        const int count = 20_000, dimension = 160, queries = 200;
        // Queries come from the same looks as the shots but are not shots themselves.
        var vectors = SyntheticShots.Clustered(count + queries, dimension, clusters: 200, seed: 11);
        var points = vectors[..count].Select((v, i) => SyntheticShots.Point("look", v, i)).ToList();
        var exact = new InProcessVectorIndex(new() { Mode = VectorSearchMode.Exact });
        var hnsw = new InProcessVectorIndex(new() { Mode = VectorSearchMode.Hnsw });
        foreach (var index in new[] { exact, hnsw })
        {
            await index.EnsureFlavoursAsync(new Dictionary<string, int> { ["look"] = dimension });
            var watch = Stopwatch.StartNew();
            await index.UpsertAsync(points);
            output.WriteLine($"build {watch.ElapsedMilliseconds} ms");
        }

        var found = 0;
        foreach (var query in vectors[count..])
        {
            var truth = (await exact.SearchAsync(new VectorQuery("look", query, 10))).Select(h => h.ShotId).ToHashSet();
            found += (await hnsw.SearchAsync(new VectorQuery("look", query, 10))).Count(h => truth.Contains(h.ShotId));
        }

        var recall = found / (double)(queries * 10);
        output.WriteLine($"recall@10 {recall:F4}");
        Assert.True(recall >= 0.95, $"recall@10 was {recall:F4}");
    }

    [Fact]
    public async Task A_selective_filter_still_returns_K_shots()
    {
        var index = new InProcessVectorIndex(new() { Mode = VectorSearchMode.Hnsw, Hnsw = { EfSearch = 16 } });
        await index.EnsureFlavoursAsync(new Dictionary<string, int> { ["look"] = 32 });
        // 400 titles of 10 shots: one title is 0.25% of the index, too rare for a plain graph walk to find 10 of.
        var points = SyntheticShots.Clustered(4000, 32, clusters: 20, seed: 5)
            .Select((v, i) => SyntheticShots.Point("look", v, i, titles: 400, shotsPerAsset: 10)).ToList();
        await index.UpsertAsync(points);
        var query = new VectorQuery("look", points[0].Vectors["look"], 10, Titles: ["title123"]);

        var hits = await index.SearchAsync(query);

        Assert.Equal(BruteForce.Search(points, query).Select(h => h.ShotId), hits.Select(h => h.ShotId));
    }

    [Fact]
    public async Task Without_the_exact_fallback_threshold_a_starved_walk_still_falls_back_to_K_shots()
    {
        var index = new InProcessVectorIndex(new()
        {
            Mode = VectorSearchMode.Hnsw, FilteredExactThreshold = 0, FilteredExactFraction = 0, Hnsw = { EfSearch = 10 },
        });
        await index.EnsureFlavoursAsync(new Dictionary<string, int> { ["look"] = 32 });
        var points = SyntheticShots.Clustered(4000, 32, clusters: 20, seed: 6)
            .Select((v, i) => SyntheticShots.Point("look", v, i, titles: 400, shotsPerAsset: 10)).ToList();
        await index.UpsertAsync(points);
        var query = new VectorQuery("look", points[0].Vectors["look"], 10, Titles: ["title7", "title300"]);

        var hits = await index.SearchAsync(query);

        Assert.Equal(10, hits.Count);
        Assert.All(hits, h => Assert.Contains(h.Payload.TitleId, new[] { "title7", "title300" }));
    }

    [Fact]
    public async Task Auto_mode_answers_the_same_before_and_after_the_graph_is_built()
    {
        var index = new InProcessVectorIndex(new() { Mode = VectorSearchMode.Auto, AutoHnswThreshold = 500, Hnsw = { EfSearch = 100 } });
        await index.EnsureFlavoursAsync(new Dictionary<string, int> { ["look"] = 16 });
        var points = SyntheticShots.Clustered(1000, 16, clusters: 10, seed: 8).Select((v, i) => SyntheticShots.Point("look", v, i)).ToList();
        await index.UpsertAsync(points[..400]);
        var before = await index.SearchAsync(new VectorQuery("look", points[1].Vectors["look"], 5));

        await index.UpsertAsync(points[400..]);
        var after = await index.SearchAsync(new VectorQuery("look", points[1].Vectors["look"], 5));

        Assert.Equal(points[1].ShotId, before[0].ShotId);
        Assert.Equal(points[1].ShotId, after[0].ShotId);
        Assert.Equal(1000, index.Count);
    }
}
