using Matchcut.Vectors.InProcess;

namespace Matchcut.Vectors.Bench;

/// <summary>Command-line settings of the macro benchmark; <c>--quick</c> shrinks everything to a smoke run.</summary>
public sealed record BenchArgs(
    int[] Sizes,
    int[] Dimensions,
    VectorSearchMode[] Modes,
    int Queries,
    int ClusterSize,
    float Spread,
    HnswOptions Hnsw,
    string? CsvPath)
{
    // 160 is the pooled DeepLabV3 feature; 256 stands for the frame descriptor (YOLOX dark5 channels).
    public static BenchArgs Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        int[] Ints(string name, string fallback) => (Value(name) ?? fallback).Split(',').Select(int.Parse).ToArray();
        var quick = args.Contains("--quick");
        return new BenchArgs(
            Ints("--sizes", quick ? "20000" : "100000,1000000"),
            Ints("--dims", quick ? "160" : "160,256"),
            (Value("--modes") ?? "exact,hnsw").Split(',').Select(m => Enum.Parse<VectorSearchMode>(m, ignoreCase: true)).ToArray(),
            int.Parse(Value("--queries") ?? (quick ? "200" : "1000")),
            int.Parse(Value("--cluster-size") ?? "500"),
            float.Parse(Value("--spread") ?? "0.5", System.Globalization.CultureInfo.InvariantCulture),
            new HnswOptions
            {
                M = int.Parse(Value("--m") ?? "16"),
                EfConstruction = int.Parse(Value("--ef-construction") ?? "100"),
                EfSearch = int.Parse(Value("--ef-search") ?? "64"),
            },
            Value("--csv"));
    }
}
