using Matchcut.Vectors.InProcess;

namespace Matchcut.Vectors.Tests;

public sealed class ExactSearchTests
{
    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(100)]
    public async Task Exact_search_agrees_with_the_brute_force_reference(int parallelScanThreshold)
    {
        var index = new InProcessVectorIndex(new() { Mode = VectorSearchMode.Exact, ParallelScanThreshold = parallelScanThreshold });
        await index.EnsureFlavoursAsync(new Dictionary<string, int> { ["look"] = 48 });
        var vectors = SyntheticShots.Clustered(3025, 48, clusters: 30, seed: 3);
        var points = vectors[..3000].Select((v, i) => SyntheticShots.Point("look", v, i)).ToList();
        await index.UpsertAsync(points);
        var queries = vectors[3000..];

        foreach (var (vector, i) in queries.Select((v, i) => (v, i)))
        {
            var query = new VectorQuery("look", vector, 10,
                Titles: i % 3 == 0 ? ["title2", "title5"] : null,
                ExcludeTitle: i % 3 == 1 ? "title1" : null,
                ExcludeShotId: points[i].ShotId);
            var expected = BruteForce.Search(points, query);

            var hits = await index.SearchAsync(query);

            Assert.Equal(expected.Select(e => e.ShotId), hits.Select(h => h.ShotId));
            Assert.All(hits.Zip(expected), pair => Assert.Equal(pair.Second.Score, pair.First.Score, 4));
        }
    }

    [Fact]
    public async Task A_zero_query_vector_scores_zero_instead_of_failing()
    {
        var index = new InProcessVectorIndex(new() { Mode = VectorSearchMode.Exact });
        await index.EnsureFlavoursAsync(new Dictionary<string, int> { ["look"] = 4 });
        await index.UpsertAsync([SyntheticShots.Point("look", [1, 2, 3, 4], 0)]);

        var hits = await index.SearchAsync(new VectorQuery("look", new float[4], 3));

        Assert.Equal(0f, Assert.Single(hits).Score);
    }

    [Fact]
    public async Task An_unknown_flavour_finds_nothing_and_cannot_be_written()
    {
        var index = new InProcessVectorIndex();

        Assert.Empty(await index.SearchAsync(new VectorQuery("look", [1f, 0f], 3)));
        await Assert.ThrowsAsync<InvalidOperationException>(() => index.UpsertAsync([SyntheticShots.Point("look", [1f, 0f], 0)]));
    }
}
