using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using System.Diagnostics;
using Matchcut.BenchResults;
using Matchcut.Encoders.Frames;
using Matchcut.Encoders.Models;
using Matchcut.Encoders.Motion;
using Matchcut.Pipeline;
using Matchcut.Score;

namespace Matchcut.Bench;

/// <summary>
/// A synthetic title scored as ScoreConsumer scores a real one: frame by the end of A against the start of B
/// (TopBoundaryPairs, ordered pairs, ResNet18 width), motion and camera by cosine at their widths (TopPairs), silhouettes
/// by the IoU of bit-packed person masks on the 16:9 mask grid (SilhouetteScorer). Worst case: no shot is left out as
/// still and every shot has a silhouette.
/// </summary>
public static class SyntheticTitle
{
    public const int Shots = 2000;
    public static readonly (int Width, int Height) MaskGrid = PersonMask.GridFor(640, 360);

    public static readonly (string Flavour, int Dimension, string Scorer)[] Flavours =
    [
        (Pipeline.Flavours.Frame, ResNetFrameEncoder.Dimension, "PairScorer.TopBoundaryPairs (cosine of tail x head)"),
        (Pipeline.Flavours.Silhouette, MaskGrid.Width * MaskGrid.Height, $"SilhouetteScorer.TopPairs (IoU of {MaskGrid.Width}x{MaskGrid.Height} masks)"),
        (Pipeline.Flavours.Motion, ShotMotion.MotionDimension, "PairScorer.TopPairs (cosine)"),
        (Pipeline.Flavours.Camera, ShotMotion.CameraDimension, "PairScorer.TopPairs (cosine)"),
    ];

    public static float[] Vectors(int shots, int dimension, int seed)
    {
        var rng = new Random(seed);
        var v = new float[shots * dimension];
        for (var i = 0; i < shots; i++)
        {
            var row = v.AsSpan(i * dimension, dimension);
            for (var k = 0; k < dimension; k++) row[k] = (float)(rng.NextDouble() * 2 - 1);
            var norm = System.Numerics.Tensors.TensorPrimitives.Norm(row);
            System.Numerics.Tensors.TensorPrimitives.Divide(row, norm, row);
        }
        return v;
    }

    /// <summary>One elliptical person mask per shot, 5 to 40 % of the frame, anywhere in it.</summary>
    public static List<(int Shot, Silhouette Mask)> Masks(int shots, int seed)
    {
        var rng = new Random(seed);
        var (w, h) = MaskGrid;
        var list = new List<(int, Silhouette)>(shots);
        var cells = new bool[w * h];
        for (var s = 0; s < shots; s++)
        {
            double cx = rng.NextDouble() * w, cy = rng.NextDouble() * h, rx = 2 + rng.NextDouble() * w / 3, ry = 3 + rng.NextDouble() * h / 2;
            for (var y = 0; y < h; y++)
                for (var x = 0; x < w; x++)
                    cells[y * w + x] = Math.Pow((x + 0.5 - cx) / rx, 2) + Math.Pow((y + 0.5 - cy) / ry, 2) <= 1;
            var mask = PersonMask.FromCells(w, h, cells);
            list.Add((s, new Silhouette(w, h, mask.Area, mask.Bits)));
        }
        return list;
    }

    /// <summary>The inputs of every flavour for <see cref="Shots"/> shots.</summary>
    public sealed record Title(int[] Indices, float[] Tails, float[] Heads, int[] Frames, float[] Motion, float[] Camera, List<(int Shot, Silhouette Mask)> Masks);

    public static Title Make(int shots = Shots) => new(Enumerable.Range(0, shots).ToArray(), Vectors(shots, ResNetFrameEncoder.Dimension, 1),
        Vectors(shots, ResNetFrameEncoder.Dimension, 2), Enumerable.Range(0, shots).Select(i => i * 48).ToArray(),
        Vectors(shots, ShotMotion.MotionDimension, 3), Vectors(shots, ShotMotion.CameraDimension, 4), Masks(shots, 5));

    /// <summary>One flavour scored as ScoreConsumer does; returns the pairs kept.</summary>
    public static int Score(Title t, string flavour, ScoringOptions options) => flavour switch
    {
        Pipeline.Flavours.Frame => PairScorer.TopBoundaryPairs(t.Indices, t.Tails, t.Heads, t.Frames, t.Frames, ResNetFrameEncoder.Dimension, options).Count,
        Pipeline.Flavours.Silhouette => SilhouetteScorer.TopPairs(t.Masks, options).Count,
        Pipeline.Flavours.Motion => PairScorer.TopPairs(t.Indices, t.Motion, ShotMotion.MotionDimension, options).Count,
        Pipeline.Flavours.Camera => PairScorer.TopPairs(t.Indices, t.Camera, ShotMotion.CameraDimension, options).Count,
        _ => throw new ArgumentOutOfRangeException(nameof(flavour)),
    };
}

/// <summary>Pair scoring of a 2,000-shot synthetic title, median of 3 after a warm-up, per flavour and in all.</summary>
public static class ScoringBench
{
    public static void Run(BenchSheet sheet)
    {
        var title = SyntheticTitle.Make();
        var options = new ScoringOptions();
        foreach (var f in SyntheticTitle.Flavours) SyntheticTitle.Score(title, f.Flavour, options); // JIT warm-up
        var seconds = SyntheticTitle.Flavours.ToDictionary(f => f.Flavour, _ => new List<double>());
        for (var run = 0; run < 3; run++)
            foreach (var f in SyntheticTitle.Flavours)
            {
                var sw = Stopwatch.StartNew();
                SyntheticTitle.Score(title, f.Flavour, options);
                seconds[f.Flavour].Add(sw.Elapsed.TotalSeconds);
            }
        var n = SyntheticTitle.Shots;
        sheet.Table("scoring.csv", ["flavour,width,scorer,shots,pairs_scored,median_seconds",
            .. SyntheticTitle.Flavours.Select(f => string.Join(',', f.Flavour, f.Dimension, f.Scorer, n,
                f.Flavour == Pipeline.Flavours.Frame ? (long)n * (n - 1) : (long)n * (n - 1) / 2, Tools.F(Tools.Median(seconds[f.Flavour]), 4)))]);
        var totals = Enumerable.Range(0, 3).Select(run => SyntheticTitle.Flavours.Sum(f => seconds[f.Flavour][run])).ToList();
        sheet.Figure($"pair scoring {n} shots all flavours", Tools.Median(totals), "s", "<", 1,
            $"(median of 3; frame {Tools.F(Tools.Median(seconds[Pipeline.Flavours.Frame]), 2)} s, silhouette IoU {Tools.F(Tools.Median(seconds[Pipeline.Flavours.Silhouette]), 2)} s)");
    }

    /// <summary>The BenchmarkDotNet class below; returns its GitHub-flavoured markdown report.</summary>
    public static IEnumerable<string> RunBenchmarkDotNet()
    {
        var summary = BenchmarkDotNet.Running.BenchmarkRunner.Run<PairScorerBenchmarks>();
        var report = Directory.GetFiles(summary.ResultsDirectoryPath, "*PairScorer*-report-github.md").FirstOrDefault();
        return report is null ? ["BenchmarkDotNet wrote no report."] : File.ReadLines(report).SkipWhile(l => !l.StartsWith('|'));
    }
}

/// <summary>BenchmarkDotNet: each flavour's scorer at its real width, in process, short run.</summary>
[Config(typeof(FastConfig))]
[MemoryDiagnoser]
public class PairScorerBenchmarks
{
    private sealed class FastConfig : ManualConfig
    {
        public FastConfig()
        {
            AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
            ArtifactsPath = Path.Combine(Tools.RepoRoot(), ".artifacts", "bench", "BenchmarkDotNet.Artifacts");
        }
    }

    [Params(500, 2000)] public int Shots;
    [Params(Pipeline.Flavours.Frame, Pipeline.Flavours.Silhouette, Pipeline.Flavours.Motion, Pipeline.Flavours.Camera)]
    public string Flavour = "";
    private SyntheticTitle.Title _title = null!;
    private readonly ScoringOptions _options = new();

    [GlobalSetup]
    public void Setup() => _title = SyntheticTitle.Make(Shots);

    [Benchmark]
    public int TopPairs() => SyntheticTitle.Score(_title, Flavour, _options);
}
