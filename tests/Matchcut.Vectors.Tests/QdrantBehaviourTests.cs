using Matchcut.Vectors.Qdrant;
using Qdrant.Client;

namespace Matchcut.Vectors.Tests;

/// <summary>
/// The IVectorIndex contract against a real Qdrant (gRPC, e.g. QDRANT_URL=http://localhost:6334, QDRANT_API_KEY when it
/// has one): `make test-qdrant`. Each test gets a collection of its own, dropped afterwards. Skipped without QDRANT_URL.
/// </summary>
[NeedsEnvironment("QDRANT_URL", "run `make test-qdrant` (docs/deploy.md) to hold the Qdrant adapter to the contract on a real server")]
public sealed class QdrantBehaviourTests : VectorIndexBehaviour, IAsyncLifetime
{
    private readonly List<QdrantVectorIndex> _indexes = [];
    private QdrantClient? _admin;
    private readonly List<string> _collections = [];

    private static QdrantOptions Options(string collection) => new()
    {
        Url = Environment.GetEnvironmentVariable("QDRANT_URL")!,
        ApiKey = Environment.GetEnvironmentVariable("QDRANT_API_KEY") is { Length: > 0 } key ? key : null,
        Collection = collection,
    };

    public Task InitializeAsync() => Task.CompletedTask;

    protected override Task<IVectorIndex> CreateIndexAsync()
    {
        var collection = $"matchcut-test-{Guid.NewGuid():N}";
        _collections.Add(collection);
        var index = new QdrantVectorIndex(Options(collection));
        _indexes.Add(index);
        return Task.FromResult<IVectorIndex>(index);
    }

    public async Task DisposeAsync()
    {
        foreach (var index in _indexes) index.Dispose();
        if (_collections.Count == 0) return;
        var options = Options("unused");
        _admin = new QdrantClient(new Uri(options.Url), options.ApiKey);
        foreach (var collection in _collections)
            if (await _admin.CollectionExistsAsync(collection)) await _admin.DeleteCollectionAsync(collection);
        _admin.Dispose();
    }
}
