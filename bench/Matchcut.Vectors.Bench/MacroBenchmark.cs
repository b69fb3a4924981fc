using System.Diagnostics;
using System.Globalization;
using Matchcut.BenchResults;
using Matchcut.Vectors.InProcess;

namespace Matchcut.Vectors.Bench;

/// <summary>
/// Per indexed flavour: builds the exact and the HNSW index over clustered vectors and measures build time, managed
/// memory, query latency and recall@10 of HNSW against exact search, unfiltered and restricted to a share of the titles
/// (recall against exact search under the same filter). Figures and vectors.csv go through <see cref="BenchSheet"/>.
/// </summary>
public static class MacroBenchmark
{
    private const int K = 10;
    private const int BatchSize = 50_000;
    // Titles of 1,000 shots (one asset each) from 100k shots up; 100 titles below that.
    private static int TitleCount(int size) => Math.Max(100, size / 1000);
    private const double RecallTarget = 0.95, P99TargetMs = 20;

    public static void Run(BenchArgs args, BenchSheet sheet)
    {
        var defaults = new InProcessVectorIndexOptions();
        Console.WriteLine($"vectors bench ({args.Mode}), {Environment.ProcessorCount} cores, {args.Queries} queries, K={K}, clusters of ~{args.ClusterSize}, " +
                          $"spread {args.Spread}, HNSW M={args.Hnsw.M} efConstruction={args.Hnsw.EfConstruction} efSearch={args.Hnsw.EfSearch}");
        var rows = new List<string> { "flavour,width,vectors,index,titles,allowed_shots,path,build_s,managed_mb,recall_at_10,p50_ms,p99_ms" };
        foreach (var c in args.Cases)
        {
            var vectors = ClusteredVectors.Generate(c.Size + args.Queries, c.Dimension, Math.Max(1, c.Size / args.ClusterSize), args.Spread, seed: c.Size ^ c.Dimension);
            var queries = vectors[c.Size..];
            var filters = new List<(string Label, HashSet<string>? Titles, int Allowed)> { ("all", null, c.Size) };
            foreach (var share in args.TitleShares)
            {
                var titles = TitleSubset(share, TitleCount(c.Size));
                var allowed = Enumerable.Range(0, c.Size).Count(i => titles.Contains(TitleOf(i, c.Size)));
                filters.Add(($"{share * 100:0.#}% of titles", titles, allowed));
            }
            var label = $"{c.Flavour} {Size(c.Size)} x {c.Dimension}";

            // Exact first: its answers are the ground truth for recall, per filter.
            Measured exact, hnsw;
            using (var index = Build(VectorSearchMode.Exact, c, vectors, args, out var build, out var mb))
                exact = Query(index, c, queries, filters, build, mb);
            GC.Collect();
            using (var index = Build(VectorSearchMode.Hnsw, c, vectors, args, out var build, out var mb))
                hnsw = Query(index, c, queries, filters, build, mb);
            GC.Collect();

            for (var f = 0; f < filters.Count; f++)
            {
                var (name, titles, allowed) = filters[f];
                var exactPath = titles is not null && defaults.ScansFiltered(allowed, c.Size, c.Dimension);
                var recall = Recall(hnsw.Answers[f], exact.Answers[f]);
                foreach (var (kind, m, path, r) in new[] { ("exact", exact, "scan", 1.0), ("hnsw", hnsw, exactPath ? "scan (small filter)" : "graph", recall) })
                    rows.Add(string.Create(CultureInfo.InvariantCulture,
                        $"{c.Flavour},{c.Dimension},{c.Size},{kind},{name},{allowed},{path},{m.BuildSeconds:F1},{m.ManagedMb:F0},{r:F4},{m.P50[f]:F3},{m.P99[f]:F3}"));
                var where = titles is null ? "" : $" in {name}";
                sheet.Figure($"ANN HNSW recall@10 {label}{where}", recall, "", ">=", RecallTarget,
                    titles is null ? $"(against exact search; build {hnsw.BuildSeconds:F0} s)" : $"(against exact search under the same filter; {allowed} shots allowed; {(exactPath ? "answered by a scan" : "graph walk")})");
                sheet.Figure($"ANN HNSW p99 query {label}{where}", hnsw.P99[f], "ms", "<=", P99TargetMs, $"(p50 {hnsw.P50[f]:F2} ms; exact p99 {exact.P99[f]:F2} ms)");
                if (titles is null)
                    sheet.Figure($"exact/HNSW p50 query {label}", exact.P50[f] / hnsw.P50[f], "ratio", "", 0, $"(exact p50 {exact.P50[f]:F2} ms; HNSW p50 {hnsw.P50[f]:F3} ms)");
            }
        }
        sheet.Table("vectors.csv", rows);
    }

    private static string Size(int n) => n >= 1_000_000 && n % 1_000_000 == 0 ? $"{n / 1_000_000}M" : n >= 1000 && n % 1000 == 0 ? $"{n / 1000}k" : n.ToString(CultureInfo.InvariantCulture);

    private sealed record Measured(double BuildSeconds, double ManagedMb, double[] P50, double[] P99, string[][][] Answers);

    private static InProcessVectorIndex Build(VectorSearchMode mode, IndexCase c, float[][] vectors, BenchArgs args, out double seconds, out double managedMb)
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var watch = Stopwatch.StartNew();
        var index = new InProcessVectorIndex(new InProcessVectorIndexOptions { Mode = mode, Hnsw = args.Hnsw });
        index.EnsureFlavoursAsync(new Dictionary<string, int> { [c.Flavour] = c.Dimension }).GetAwaiter().GetResult();
        for (var start = 0; start < c.Size; start += BatchSize)
        {
            var batch = Enumerable.Range(start, Math.Min(BatchSize, c.Size - start)).Select(i => Point(c.Flavour, i, c.Size, vectors[i])).ToList();
            index.UpsertAsync(batch).GetAwaiter().GetResult();
        }
        seconds = watch.Elapsed.TotalSeconds;
        managedMb = (GC.GetTotalMemory(forceFullCollection: true) - before) / 1048576.0;
        Console.WriteLine($"  {c.Flavour} {c.Size} x {c.Dimension} {mode}: built in {seconds:F1} s, {managedMb:F0} MB managed");
        return index;
    }

    private static Measured Query(InProcessVectorIndex index, IndexCase c, float[][] queries, List<(string Label, HashSet<string>? Titles, int Allowed)> filters,
        double buildSeconds, double managedMb)
    {
        // A second of warm-up lets tiered JIT finish optimizing the search path, so the tail measures the index, not the compiler.
        var warmUp = Stopwatch.StartNew();
        for (var i = 0; warmUp.ElapsedMilliseconds < 1000 || i < 50; i++)
            index.SearchAsync(new VectorQuery(c.Flavour, queries[i % queries.Length], K)).GetAwaiter().GetResult();
        var p50 = new double[filters.Count];
        var p99 = new double[filters.Count];
        var answers = new string[filters.Count][][];
        for (var f = 0; f < filters.Count; f++)
        {
            var latencies = new double[queries.Length];
            answers[f] = new string[queries.Length][];
            for (var i = 0; i < queries.Length; i++)
            {
                var started = Stopwatch.GetTimestamp();
                var hits = index.SearchAsync(new VectorQuery(c.Flavour, queries[i], K, Titles: filters[f].Titles)).GetAwaiter().GetResult();
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                answers[f][i] = hits.Select(h => h.ShotId).ToArray();
            }
            Array.Sort(latencies);
            (p50[f], p99[f]) = (Percentile(latencies, 0.50), Percentile(latencies, 0.99));
        }
        return new Measured(buildSeconds, managedMb, p50, p99, answers);
    }

    private static double Recall(string[][] got, string[][] truth) =>
        truth.Sum(t => t.Length) == 0 ? 1 : got.Zip(truth, (g, t) => g.Intersect(t).Count()).Sum() / (double)truth.Sum(t => t.Length);

    private static int TitleIndex(int i, int size) => (int)((long)i * TitleCount(size) / size);

    private static string TitleOf(int i, int size) => $"title{TitleIndex(i, size)}";

    private static HashSet<string> TitleSubset(double share, int titles)
    {
        var random = new Random(17);
        var count = Math.Max(1, (int)Math.Round(share * titles));
        return Enumerable.Range(0, titles).OrderBy(_ => random.Next()).Take(count).Select(t => $"title{t}").ToHashSet();
    }

    // One asset per title; the shot index counts within it.
    private static ShotPoint Point(string flavour, int i, int size, float[] vector)
    {
        var title = TitleIndex(i, size);
        var first = (int)Math.Ceiling((double)title * size / TitleCount(size));
        var asset = $"asset{title}";
        return new ShotPoint(ShotIds.Of(asset, i - first), new Dictionary<string, float[]> { [flavour] = vector },
            new ShotPayload($"title{title}", asset, i - first, 0, 1, "", ""));
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
