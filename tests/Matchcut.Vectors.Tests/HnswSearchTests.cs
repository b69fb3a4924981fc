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

    [Theory]
    // The frame flavour is 2,560 wide: half of a 20,000-shot index is 10,000 shots, 100 MB to scan a query; walk it.
    [InlineData(10_000, 20_000, 2560, false)]
    [InlineData(1_000, 20_000, 2560, true)]
    // 2% of the shots or fewer: a walk meets too few of them, so scan whatever the width.
    [InlineData(20_000, 1_000_000, 2560, true)]
    // Narrow motion vectors: 10,000 of them are 340,000 numbers, cheap to scan.
    [InlineData(10_000, 100_000, 34, true)]
    [InlineData(2_000, 20_000, 2560, true)]
    [InlineData(100_000, 1_000_000, 64, false)]
    public void A_filtered_query_scans_when_the_allowed_shots_are_few_or_cheap_to_read(int allowed, int present, int dimension, bool scans) =>
        Assert.Equal(scans, new InProcessVectorIndexOptions().ScansFiltered(allowed, present, dimension));

    [Fact]
    public async Task A_filter_letting_half_the_titles_through_a_wide_flavour_walks_the_graph_at_95_percent_recall()
    {
        // 4,400 shots 2,560 wide, half the titles allowed: 2,200 shots, 5.6 million numbers, above the scan budget.
        const int count = 4_400, dimension = 2560, queries = 40;
        var options = new InProcessVectorIndexOptions { Mode = VectorSearchMode.Hnsw };
        Assert.False(options.ScansFiltered(count / 2, count, dimension));
        var vectors = SyntheticShots.Clustered(count + queries, dimension, clusters: 60, seed: 17);
        var points = vectors[..count].Select((v, i) => SyntheticShots.Point("frame", v, i, titles: 20, shotsPerAsset: 10)).ToList();
        var index = new InProcessVectorIndex(options);
        await index.EnsureFlavoursAsync(new Dictionary<string, int> { ["frame"] = dimension });
        await index.UpsertAsync(points);
        var half = Enumerable.Range(0, 10).Select(t => $"title{2 * t}").ToArray();
        var allowed = points.Where(p => half.Contains(p.Payload.TitleId)).Select(p => p.ShotId).ToHashSet();

        var found = 0;
        foreach (var vector in vectors[count..])
        {
            var query = new VectorQuery("frame", vector, 10, Titles: half);
            var truth = BruteForce.Search(points, query).Select(h => h.ShotId).ToHashSet();
            var hits = await index.SearchAsync(query);
            Assert.All(hits, h => Assert.Contains(h.ShotId, allowed));
            found += hits.Count(h => truth.Contains(h.ShotId));
        }

        var recall = found / (double)(queries * 10);
        output.WriteLine($"recall@10 under the filter {recall:F4}");
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
            Mode = VectorSearchMode.Hnsw, FilteredExactFloats = 0, FilteredExactFraction = 0, Hnsw = { EfSearch = 10 },
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
