using Matchcut.Vectors.InProcess;

namespace Matchcut.Vectors.Tests;

public sealed class InProcessLifecycleTests
{
    [Fact]
    public async Task A_vector_of_a_new_width_never_deletes_indexed_shots()
    {
        using var index = new InProcessVectorIndex();
        await index.EnsureFlavoursAsync(new Dictionary<string, int> { ["look"] = 2, ["motion"] = 2 });
        var lookShot = SyntheticShots.Point("look", [1f, 0f], 0);
        var motionShot = SyntheticShots.Point("motion", [0f, 1f], 1);
        await index.UpsertAsync([lookShot, motionShot]);

        var error = await Assert.ThrowsAsync<VectorDimensionException>(() =>
            index.EnsureFlavoursAsync(new Dictionary<string, int> { ["motion"] = 2, ["look"] = 3 }));

        Assert.Contains("In-process vector index: flavour 'look' holds 2-dimensional vectors (1 shots indexed), the new vectors have 3 dimensions", error.Message);
        Assert.Equal(2, index.Count);
        var kept = await index.GetAsync(lookShot.ShotId);
        Assert.Equal(new[] { 1f, 0f }, kept!.Vectors["look"]);
        Assert.Equal(2, index.Dimensions["look"]);
    }

    [Fact]
    public async Task A_flavour_no_live_shot_carries_takes_a_new_width()
    {
        using var index = new InProcessVectorIndex();
        await index.EnsureFlavoursAsync(new Dictionary<string, int> { ["look"] = 2 });
        await index.UpsertAsync([SyntheticShots.Point("look", [1f, 0f], 0)]);
        await index.DeleteAssetAsync("asset0");

        await index.EnsureFlavoursAsync(new Dictionary<string, int> { ["look"] = 3 });
        await index.UpsertAsync([SyntheticShots.Point("look", [1f, 0f, 0f], 1)]);

        Assert.Equal(3, index.Dimensions["look"]);
        Assert.Equal(1, index.Count);
    }

    [Fact]
    public async Task A_batch_with_one_bad_vector_changes_nothing()
    {
        using var index = new InProcessVectorIndex();
        await index.EnsureFlavoursAsync(new Dictionary<string, int> { ["look"] = 2 });

        await Assert.ThrowsAsync<ArgumentException>(() => index.UpsertAsync(
            [SyntheticShots.Point("look", [1f, 0f], 0), SyntheticShots.Point("look", [1f, 0f, 0f], 1)]));

        Assert.Equal(0, index.Count);
    }

    [Theory]
    [InlineData(VectorSearchMode.Exact)]
    [InlineData(VectorSearchMode.Hnsw)]
    public async Task Many_deletions_and_replacements_compact_the_index_without_losing_live_shots(VectorSearchMode mode)
    {
        using var index = new InProcessVectorIndex(new() { Mode = mode, Hnsw = { EfSearch = 100 } });
        await index.EnsureFlavoursAsync(new Dictionary<string, int> { ["look"] = 16 });
        var points = SyntheticShots.Clustered(4000, 16, clusters: 10, seed: 2).Select((v, i) => SyntheticShots.Point("look", v, i)).ToList();
        await index.UpsertAsync(points);

        for (var asset = 0; asset < 40; asset++) await index.DeleteAssetAsync($"asset{asset}");
        await index.UpsertAsync(points[2000..2600]);
        var survivor = points[3999];
        var hits = await index.SearchAsync(new VectorQuery("look", survivor.Vectors["look"], 3));

        Assert.Equal(2000, index.Count);
        Assert.Equal(survivor.ShotId, hits[0].ShotId);
        Assert.Null(await index.GetAsync(points[10].ShotId));
    }

    [Fact]
    public async Task Searches_run_safely_beside_upserts_and_deletions()
    {
        using var index = new InProcessVectorIndex(new() { Mode = VectorSearchMode.Auto, AutoHnswThreshold = 1000, ParallelScanThreshold = 500 });
        await index.EnsureFlavoursAsync(new Dictionary<string, int> { ["look"] = 32 });
        var vectors = SyntheticShots.Clustered(6000, 32, clusters: 12, seed: 13);
        await index.UpsertAsync(vectors[..500].Select((v, i) => SyntheticShots.Point("look", v, i)).ToList());
        using var stop = new CancellationTokenSource();

        var writer = Task.Run(async () =>
        {
            for (var start = 500; start < vectors.Length; start += 250)
            {
                await index.UpsertAsync(vectors[start..(start + 250)].Select((v, i) => SyntheticShots.Point("look", v, start + i)).ToList());
                await index.DeleteAssetAsync($"asset{start / 50 - 3}");
            }
        });
        var readers = Enumerable.Range(0, 3).Select(r => Task.Run(async () =>
        {
            var searches = 0;
            while (!writer.IsCompleted || searches < 20)
            {
                var hits = await index.SearchAsync(new VectorQuery("look", vectors[(searches * 7 + r) % 500], 10, ExcludeTitle: "title1"));
                Assert.All(hits, h => Assert.NotEqual("title1", h.Payload.TitleId));
                Assert.Equal(hits.OrderByDescending(h => h.Score).Select(h => h.ShotId), hits.Select(h => h.ShotId));
                searches++;
            }
            return searches;
        })).ToList();

        await writer;
        var counts = await Task.WhenAll(readers);

        Assert.All(counts, c => Assert.True(c >= 20));
        Assert.Equal(6000 - 22 * 50, index.Count);
    }
}
