using BenchmarkDotNet.Attributes;
using Matchcut.Vectors.InProcess;

namespace Matchcut.Vectors.Bench;

/// <summary>BenchmarkDotNet view of one query, exact against HNSW, with allocations; run with <c>--bdn</c>.</summary>
[MemoryDiagnoser]
public class SearchBenchmarks
{
    private InProcessVectorIndex _exact = null!;
    private InProcessVectorIndex _hnsw = null!;
    private float[][] _queries = null!;
    private int _next;

    [Params(160, 256)]
    public int Dimension { get; set; }

    [Params(50_000)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var vectors = ClusteredVectors.Generate(Size + 256, Dimension, Size / 500, 0.5f, seed: 1);
        _queries = vectors[Size..];
        var points = vectors[..Size].Select((v, i) => new ShotPoint($"a{i / 500}-{i % 500}",
            new Dictionary<string, float[]> { ["look"] = v }, new ShotPayload($"t{i / 500 % 50}", $"a{i / 500}", i % 500, 0, 1, "", ""))).ToList();
        _exact = Build(VectorSearchMode.Exact, points);
        _hnsw = Build(VectorSearchMode.Hnsw, points);
    }

    [Benchmark(Baseline = true)]
    public int Exact() => Search(_exact, null);

    [Benchmark]
    public int Hnsw() => Search(_hnsw, null);

    [Benchmark]
    public int HnswExcludingATitle() => Search(_hnsw, "t3");

    private int Search(InProcessVectorIndex index, string? excludeTitle) =>
        index.SearchAsync(new VectorQuery("look", _queries[_next++ & 255], 10, ExcludeTitle: excludeTitle)).GetAwaiter().GetResult().Count;

    private static InProcessVectorIndex Build(VectorSearchMode mode, List<ShotPoint> points)
    {
        var index = new InProcessVectorIndex(new InProcessVectorIndexOptions { Mode = mode });
        index.EnsureFlavoursAsync(new Dictionary<string, int> { ["look"] = points[0].Vectors["look"].Length }).GetAwaiter().GetResult();
        index.UpsertAsync(points).GetAwaiter().GetResult();
        return index;
    }
}
