using System.Net;
using Matchcut.Vectors.Qdrant;

namespace Matchcut.Vectors.Tests;

/// <summary>The IVectorIndex contract through the Qdrant adapter: against the fake, or against a real Qdrant when QDRANT_URL is set.</summary>
public sealed class QdrantBehaviourTests : VectorIndexBehaviour, IAsyncLifetime
{
    private QdrantTarget _target = null!;

    public async Task InitializeAsync() => _target = await QdrantTarget.StartAsync();

    public async Task DisposeAsync() => await _target.DisposeAsync();

    protected override Task<IVectorIndex> CreateIndexAsync() => Task.FromResult<IVectorIndex>(_target.CreateIndex());

    [Fact]
    public async Task A_failed_request_carries_Qdrants_error_body()
    {
        var index = _target.CreateIndex(o => o.Collection = $"missing-{Guid.NewGuid():N}");

        var error = await Assert.ThrowsAsync<QdrantException>(() => index.SearchAsync(new VectorQuery(Look, [1f, 0f], 3)));

        Assert.Equal(HttpStatusCode.NotFound, error.Status);
        Assert.Contains("doesn't exist", error.Body);
        Assert.Contains("/points/search", error.Message);
    }

    [Fact]
    public async Task Upserting_before_the_collection_exists_says_what_to_do()
    {
        var index = _target.CreateIndex();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => index.UpsertAsync([SyntheticShots.Point(Look, [1f, 0f], 0)]));

        Assert.Contains("EnsureFlavoursAsync", error.Message);
    }
}
