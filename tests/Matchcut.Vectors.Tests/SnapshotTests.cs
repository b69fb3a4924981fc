using Matchcut.Vectors.InProcess;

namespace Matchcut.Vectors.Tests;

public sealed class SnapshotTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("matchcut-vectors-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(VectorSearchMode.Exact)]
    [InlineData(VectorSearchMode.Hnsw)]
    public async Task A_restarted_index_answers_as_before_from_its_snapshot(VectorSearchMode mode)
    {
        var options = new InProcessVectorIndexOptions { Mode = mode, SnapshotPath = Path.Combine(_folder, "index.bin") };
        var vectors = SyntheticShots.Clustered(1500, 24, clusters: 15, seed: 9);
        var points = vectors.Select((v, i) => SyntheticShots.Point("look", v, i)).ToList();
        var queries = points.Take(20).Select(p => new VectorQuery("look", p.Vectors["look"], 10, ExcludeTitle: "title3")).ToList();
        List<IReadOnlyList<VectorHit>> before = [];
        using (var index = new InProcessVectorIndex(options))
        {
            await index.EnsureFlavoursAsync(new Dictionary<string, int> { ["look"] = 24, ["motion"] = 4 });
            await index.UpsertAsync(points);
            await index.DeleteAssetAsync("asset1");
            foreach (var q in queries) before.Add(await index.SearchAsync(q));
            await index.SaveSnapshotAsync();
        }

        using var restarted = new InProcessVectorIndex(options);

        Assert.Equal(1450, restarted.Count);
        Assert.Equal(new Dictionary<string, int> { ["look"] = 24, ["motion"] = 4 }, restarted.Dimensions);
        for (var i = 0; i < queries.Count; i++)
            Assert.Equal(before[i], await restarted.SearchAsync(queries[i]));
        Assert.Equal(points[120].Payload, (await restarted.GetAsync(points[120].ShotId))!.Payload);
        Assert.Null(await restarted.GetAsync(points[60].ShotId));
    }

    [Fact]
    public async Task Tags_and_scale_survive_a_restart_and_still_filter()
    {
        var options = new InProcessVectorIndexOptions { SnapshotPath = Path.Combine(_folder, "annotated.bin") };
        var person = SyntheticShots.Point("look", [1f, 0f], 0);
        person = person with { Payload = person.Payload with { Tags = ["person", "cup"], Scale = "medium" } };
        var bare = SyntheticShots.Point("look", [0f, 1f], 1);
        using (var index = new InProcessVectorIndex(options))
        {
            await index.EnsureFlavoursAsync(new Dictionary<string, int> { ["look"] = 2 });
            await index.UpsertAsync([person, bare]);
        }

        using var restarted = new InProcessVectorIndex(options);

        Assert.Equal(person.Payload, (await restarted.GetAsync(person.ShotId))!.Payload);
        Assert.Null((await restarted.GetAsync(bare.ShotId))!.Payload.Tags);
        var found = await restarted.ListAsync(new ShotFilter(Tags: ["cup"], Scale: "medium"), 0, 10);
        Assert.Equal(person.ShotId, Assert.Single(found.Shots).ShotId);
    }

    [Fact]
    public async Task Disposing_writes_unsaved_changes()
    {
        var options = new InProcessVectorIndexOptions { SnapshotPath = Path.Combine(_folder, "nested", "index.bin") };
        using (var index = new InProcessVectorIndex(options))
        {
            await index.EnsureFlavoursAsync(new Dictionary<string, int> { ["look"] = 2 });
            await index.UpsertAsync([SyntheticShots.Point("look", [1f, 0f], 0)]);
        }

        using var restarted = new InProcessVectorIndex(options);

        Assert.Equal(1, restarted.Count);
        Assert.Empty(Directory.GetFiles(Path.Combine(_folder, "nested"), "*.partial"));
    }

    [Fact]
    public async Task Saving_without_a_snapshot_path_is_refused()
    {
        using var index = new InProcessVectorIndex();

        await Assert.ThrowsAsync<InvalidOperationException>(() => index.SaveSnapshotAsync());
    }
}
