using System.Diagnostics;
using Matchcut.Vectors.InProcess;

namespace Matchcut.Vectors.Bench;

/// <summary>Builds each index over clustered vectors and measures build time, memory, recall@10 against exact search and query latency.</summary>
public static class MacroBenchmark
{
    private const string Flavour = "look";
    private const int K = 10;
    private const int BatchSize = 50_000;

    public static void Run(BenchArgs args)
    {
        Console.WriteLine($"{Environment.ProcessorCount} cores, {args.Queries} queries, K={K}, clusters of ~{args.ClusterSize}, spread {args.Spread}, " +
                          $"HNSW M={args.Hnsw.M} efConstruction={args.Hnsw.EfConstruction} efSearch={args.Hnsw.EfSearch}");
        var results = new List<BenchResult>();
        foreach (var dimension in args.Dimensions)
            foreach (var size in args.Sizes)
            {
                var vectors = ClusteredVectors.Generate(size + args.Queries, dimension, Math.Max(1, size / args.ClusterSize), args.Spread, seed: size ^ dimension);
                var queries = vectors[size..];
                string[][]? truth = null;
                // Exact always runs first: its answers are the ground truth for recall.
                foreach (var mode in args.Modes.Prepend(VectorSearchMode.Exact).Distinct())
                {
                    var (result, answers) = Measure(mode, vectors, size, queries, truth, args);
                    truth ??= answers;
                    if (args.Modes.Contains(mode)) results.Add(result);
                    Console.WriteLine(BenchResult.Table([result]).Split('\n')[2]);
                }
            }
        Console.WriteLine();
        Console.WriteLine(BenchResult.Table(results));
        if (args.CsvPath is { } csv) BenchResult.WriteCsv(csv, results);
    }

    private static (BenchResult, string[][]) Measure(VectorSearchMode mode, float[][] vectors, int size, float[][] queries, string[][]? truth, BenchArgs args)
    {
        var managedBefore = GC.GetTotalMemory(forceFullCollection: true);
        var workingSetBefore = WorkingSet();
        var watch = Stopwatch.StartNew();
        using var index = new InProcessVectorIndex(new InProcessVectorIndexOptions { Mode = mode, Hnsw = args.Hnsw });
        index.EnsureFlavoursAsync(new Dictionary<string, int> { [Flavour] = vectors[0].Length }).GetAwaiter().GetResult();
        for (var start = 0; start < size; start += BatchSize)
        {
            var batch = Enumerable.Range(start, Math.Min(BatchSize, size - start)).Select(i => Point(i, vectors[i])).ToList();
            index.UpsertAsync(batch).GetAwaiter().GetResult();
        }
        var buildSeconds = watch.Elapsed.TotalSeconds;
        var managedMb = (GC.GetTotalMemory(forceFullCollection: true) - managedBefore) / 1048576.0;
        var workingSetMb = (WorkingSet() - workingSetBefore) / 1048576.0;

        // A second of warm-up lets tiered JIT finish optimizing the search path, so the tail measures the index, not the compiler.
        var warmUp = Stopwatch.StartNew();
        for (var i = 0; warmUp.ElapsedMilliseconds < 1000 || i < 50; i++)
            index.SearchAsync(new VectorQuery(Flavour, queries[i % queries.Length], K)).GetAwaiter().GetResult();
        var latencies = new double[queries.Length];
        var answers = new string[queries.Length][];
        for (var i = 0; i < queries.Length; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var hits = index.SearchAsync(new VectorQuery(Flavour, queries[i], K)).GetAwaiter().GetResult();
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            answers[i] = hits.Select(h => h.ShotId).ToArray();
        }
        truth ??= answers;
        var recall = answers.Zip(truth, (got, expected) => got.Intersect(expected).Count()).Sum() / (double)truth.Sum(t => t.Length);
        Array.Sort(latencies);
        return (new BenchResult(mode.ToString(), vectors[0].Length, size, buildSeconds, managedMb, workingSetMb, recall,
            Percentile(latencies, 0.50), Percentile(latencies, 0.99)), answers);
    }

    private static ShotPoint Point(int i, float[] vector)
    {
        var asset = $"asset{i / 500}";
        return new ShotPoint(ShotIds.Of(asset, i % 500), new Dictionary<string, float[]> { [Flavour] = vector },
            new ShotPayload($"title{i / 500 % 200}", asset, i % 500, 0, 1, "", ""));
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static long WorkingSet()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }
}
