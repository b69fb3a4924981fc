using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Matchcut.Encoders.Frames;
using Matchcut.Pipeline;
using Matchcut.Score;

namespace Matchcut.Bench;

/// <summary>Synthetic title: normalized random vectors for every flavour at its dimension.</summary>
public static class SyntheticTitle
{
    // frame, motion and camera at their real widths (ResNet18 frame vector, flow grid, camera model); silhouettes are
    // scored by mask IoU, stood in for here by 512-wide vectors.
    public static readonly (string Flavour, int Dimension)[] Flavours =
    [
        (Pipeline.Flavours.Frame, ResNetFrameEncoder.Dimension),
        (Pipeline.Flavours.Silhouette, 512), (Pipeline.Flavours.Motion, Encoders.Motion.ShotMotion.MotionDimension),
        (Pipeline.Flavours.Camera, Encoders.Motion.ShotMotion.CameraDimension),
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

    /// <summary>All flavours of one title scored, as ScoreConsumer does.</summary>
    public static int ScoreAll(IReadOnlyList<int> indices, float[][] vectors, ScoringOptions options)
    {
        var n = 0;
        for (var f = 0; f < Flavours.Length; f++) n += PairScorer.TopPairs(indices, vectors[f], Flavours[f].Dimension, options).Count;
        return n;
    }
}

/// <summary>BenchmarkDotNet: PairScorer.TopPairs per flavour dimension, in process, short run.</summary>
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
    [Params(ResNetFrameEncoder.Dimension, CompositionDescriptor.Dimension)] public int Dimension;
    private float[] _vectors = [];
    private int[] _indices = [];
    private readonly ScoringOptions _options = new();

    [GlobalSetup]
    public void Setup()
    {
        _vectors = SyntheticTitle.Vectors(Shots, Dimension, 42);
        _indices = Enumerable.Range(0, Shots).ToArray();
    }

    [Benchmark]
    public int TopPairs() => PairScorer.TopPairs(_indices, _vectors, Dimension, _options).Count;
}
