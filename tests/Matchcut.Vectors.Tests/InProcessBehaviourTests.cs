using Matchcut.Vectors.InProcess;

namespace Matchcut.Vectors.Tests;

public sealed class ExactInProcessBehaviourTests : VectorIndexBehaviour
{
    protected override Task<IVectorIndex> CreateIndexAsync() =>
        Task.FromResult<IVectorIndex>(new InProcessVectorIndex(new() { Mode = VectorSearchMode.Exact }));
}

public sealed class HnswInProcessBehaviourTests : VectorIndexBehaviour
{
    // Filtered-exact fallback off, so filters are answered by the graph walk itself.
    protected override Task<IVectorIndex> CreateIndexAsync() =>
        Task.FromResult<IVectorIndex>(new InProcessVectorIndex(new()
        {
            Mode = VectorSearchMode.Hnsw,
            FilteredExactFloats = 0,
            FilteredExactFraction = 0,
            Hnsw = { M = 8, EfConstruction = 64, EfSearch = 200 },
        }));
}

public sealed class InMemoryBehaviourTests : VectorIndexBehaviour
{
    protected override Task<IVectorIndex> CreateIndexAsync() => Task.FromResult<IVectorIndex>(new InMemoryVectorIndex());
}
