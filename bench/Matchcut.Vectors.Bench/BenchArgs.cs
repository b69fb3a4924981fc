using Matchcut.Vectors.InProcess;

namespace Matchcut.Vectors.Bench;

/// <summary>One indexed flavour at its real width and a size to fill it to.</summary>
public sealed record IndexCase(string Flavour, int Dimension, int Size);

/// <summary>
/// Command-line settings of the macro benchmark. The flavours are the ones the pipeline indexes (services/Index): frame
/// (ResNet18, 2,560 wide) and motion (flow grid, 34 wide); camera (6 wide) is too narrow for an index to matter.
/// Full: frame at 200k (1M x 2,560 float32 vectors alone are 10 GB, more than the shared 24 GB machine gives one run)
/// and motion at 1M. <c>--quick</c>: frame at 20k, motion at 100k.
/// </summary>
public sealed record BenchArgs(
    bool Quick,
    IndexCase[] Cases,
    double[] TitleShares,
    int Queries,
    int ClusterSize,
    float Spread,
    HnswOptions Hnsw)
{
    public const int FrameDimension = 2560, MotionDimension = 34;

    public string Mode => Quick ? "quick" : "full";

    public static BenchArgs Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var quick = args.Contains("--quick");
        var frameSize = int.Parse(Value("--frame-size") ?? (quick ? "20000" : "200000"));
        var motionSize = int.Parse(Value("--motion-size") ?? (quick ? "100000" : "1000000"));
        return new BenchArgs(
            quick,
            [new IndexCase("frame", FrameDimension, frameSize), new IndexCase("motion", MotionDimension, motionSize)],
            (Value("--title-shares") ?? "0.01,0.1,0.5").Split(',').Select(s => double.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
            int.Parse(Value("--queries") ?? (quick ? "200" : "1000")),
            int.Parse(Value("--cluster-size") ?? "500"),
            float.Parse(Value("--spread") ?? "0.5", System.Globalization.CultureInfo.InvariantCulture),
            new HnswOptions
            {
                M = int.Parse(Value("--m") ?? "16"),
                EfConstruction = int.Parse(Value("--ef-construction") ?? "100"),
                EfSearch = int.Parse(Value("--ef-search") ?? "64"),
            });
    }
}
