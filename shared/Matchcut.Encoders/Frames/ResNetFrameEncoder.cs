using System.Numerics.Tensors;
using Matchcut.Encoders.Imaging;
using Matchcut.Encoders.Models;
using Matchcut.Onnx;

namespace Matchcut.Encoders.Frames;

/// <summary>
/// ImageNet ResNet18 as shipped in the NuGet package Microsoft.ML.DnnImageFeaturizer.ResNet18 (MIT), fed through the
/// package's own preprocessing model (RGB planes 0-255 in; it reorders to BGR and subtracts the channel means the
/// network was trained with). The frame is stretched to 224x224 so the whole picture is seen. The vector keeps some
/// composition: the pooled 512-d feature (what is shown) and the last 7x7x512 map pooled on a 2x2 grid (where it is),
/// each block L2-normalized, weighted and the whole renormalized.
/// </summary>
public sealed class ResNetFrameEncoder : IDisposable
{
    public const string Method = "resnet18-gap512+grid2x2-v1";
    public const string PrepInput = "OriginalInput", PrepOutput = "PreprocessedInput";
    public const string NetInput = "Input247", PooledOutput = "Pooling395_Output_0", MapOutput = "ReLU393_Output_0";
    public const int Size = 224, Channels = 512, MapSize = 7, Grid = 2;
    public const int Dimension = Channels * (1 + Grid * Grid);

    public static ModelSpec PrepSpec { get; } = new(
        [new TensorSpec(PrepInput, TensorElementType.Float, 1, 3, Size, Size)],
        [new TensorSpec(PrepOutput, TensorElementType.Float, 1, 3, Size, Size)]);

    public static ModelSpec NetSpec { get; } = new(
        [new TensorSpec(NetInput, TensorElementType.Float, 1, 3, Size, Size)],
        [new TensorSpec(PooledOutput, TensorElementType.Float, 1, Channels, 1, 1),
         new TensorSpec(MapOutput, TensorElementType.Float, 1, Channels, MapSize, MapSize)]);

    private readonly OnnxRuntime _runtime;
    private readonly InferenceSession _prep, _net;
    private readonly float _layoutWeight;

    private ResNetFrameEncoder(OnnxRuntime runtime, InferenceSession prep, InferenceSession net, float layoutWeight, FrameEncoderIdentity identity)
    {
        _runtime = runtime;
        _prep = prep;
        _net = net;
        _layoutWeight = layoutWeight;
        Identity = identity;
    }

    /// <summary>Method, model file and its SHA-256: what made the vectors.</summary>
    public FrameEncoderIdentity Identity { get; }

    public string ExecutionProvider => _net.ExecutionProvider;

    /// <summary>
    /// Opens the two packaged models. The network file is copied once, with the 7x7 map exposed as an output, into
    /// <paramref name="cacheFolder"/> under the original's SHA-256.
    /// </summary>
    public static ResNetFrameEncoder Open(string modelPath, string preprocessPath, string cacheFolder, OnnxOptions onnx, int concurrentRuns, float layoutWeight)
    {
        foreach (var path in new[] { modelPath, preprocessPath })
            if (!File.Exists(path)) throw new FileNotFoundException($"Frame encoder model not found: '{Path.GetFullPath(path)}'.", path);
        var sha = ModelFileHash.Sha256(modelPath);
        var patched = Path.Combine(cacheFolder, sha[..16], "ResNet18_map7.onnx");
        if (!File.Exists(patched))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(patched)!);
            var temp = patched + $".{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
            File.WriteAllBytes(temp, OnnxGraphOutputs.WithOutput(File.ReadAllBytes(modelPath), MapOutput));
            File.Move(temp, patched, overwrite: true);
        }
        var runtime = OnnxRuntime.Create(new OnnxRuntimeOptions { LibraryPath = onnx.LibraryPath });
        InferenceSession? prep = null;
        try
        {
            var useCuda = onnx.ExecutionProvider.Equals("Cuda", StringComparison.OrdinalIgnoreCase);
            var threads = onnx.IntraOpThreads > 0 ? onnx.IntraOpThreads : Math.Max(1, Environment.ProcessorCount / Math.Max(1, concurrentRuns));
            var options = new InferenceSessionOptions { IntraOpThreads = threads, UseCuda = useCuda, AllowCpuFallback = onnx.AllowCpuFallback };
            prep = runtime.OpenSession(preprocessPath, options, PrepSpec);
            var net = runtime.OpenSession(patched, options, NetSpec);
            return new ResNetFrameEncoder(runtime, prep, net, layoutWeight, IdentityOf(modelPath, preprocessPath, layoutWeight));
        }
        catch
        {
            prep?.Dispose();
            runtime.Dispose();
            throw;
        }
    }

    /// <summary>Method (with the layout weight when not 1), network file name and SHA-256, and the preprocessing model's.</summary>
    public static FrameEncoderIdentity IdentityOf(string modelPath, string preprocessPath, float layoutWeight) =>
        new(layoutWeight == 1f ? Method : FormattableString.Invariant($"{Method}(layout {layoutWeight:0.###})"), Path.GetFileName(modelPath),
            ModelFileHash.Sha256(modelPath), $"{Path.GetFileName(preprocessPath)}:{ModelFileHash.Sha256(preprocessPath)}");

    /// <summary>The frame's L2-normalized vector (<see cref="Dimension"/> floats).</summary>
    public float[] Encode(RgbFrame frame)
    {
        using var input = PooledTensor<float>.Rent(1, 3, Size, Size);
        ToPlanes(ImageOps.Resize(frame, Size, Size), input.Span);
        using var prepared = OnnxRuns.Timed(_prep, input.AsInput(PrepInput));
        using var netInput = PooledTensor<float>.Rent(1, 3, Size, Size);
        prepared[PrepOutput].AsFloats().CopyTo(netInput.Span);
        using var result = OnnxRuns.Timed(_net, netInput.AsInput(NetInput));
        return Combine(result[PooledOutput].AsFloats(), result[MapOutput].AsFloats(), _layoutWeight);
    }

    /// <summary>Pooled block, then the map averaged over each cell of a 2x2 grid (rows and columns 0-3 and 3-6: the middle line is shared).</summary>
    public static float[] Combine(ReadOnlySpan<float> pooled, ReadOnlySpan<float> map, float layoutWeight)
    {
        var v = new float[Dimension];
        pooled.CopyTo(v);
        Normalize(v.AsSpan(0, Channels), 1f);
        var half = (MapSize + 1) / 2;
        for (var gy = 0; gy < Grid; gy++)
        for (var gx = 0; gx < Grid; gx++)
        {
            var cell = v.AsSpan(Channels * (1 + gy * Grid + gx), Channels);
            int y0 = gy * (MapSize - half), x0 = gx * (MapSize - half);
            for (var c = 0; c < Channels; c++)
            {
                var plane = map.Slice(c * MapSize * MapSize, MapSize * MapSize);
                float sum = 0;
                for (var y = y0; y < y0 + half; y++)
                for (var x = x0; x < x0 + half; x++) sum += plane[y * MapSize + x];
                cell[c] = sum / (half * half);
            }
        }
        Normalize(v.AsSpan(Channels), layoutWeight);
        Normalize(v, 1f);
        return v;
    }

    private static void ToPlanes(RgbFrame frame, Span<float> tensor)
    {
        var plane = Size * Size;
        var px = frame.Pixels;
        for (var i = 0; i < plane; i++)
        {
            tensor[i] = px[i * 3];
            tensor[plane + i] = px[i * 3 + 1];
            tensor[2 * plane + i] = px[i * 3 + 2];
        }
    }

    private static void Normalize(Span<float> v, float weight)
    {
        var norm = TensorPrimitives.Norm(v);
        if (norm > 1e-12f) TensorPrimitives.Multiply(v, weight / norm, v);
    }

    public void Dispose()
    {
        _prep.Dispose();
        _net.Dispose();
        _runtime.Dispose();
    }
}

/// <summary>What made a flavour's vectors: the method, the model file's name and SHA-256 (null for classical methods), and any helper model.</summary>
public sealed record FrameEncoderIdentity(string Method, string? Model, string? ModelSha256, string? Auxiliary = null)
{
    /// <summary>Short stable text of the identity, stored with results so a model change recomputes them.</summary>
    public string Fingerprint => $"{Method}|{Model}:{ModelSha256}|{Auxiliary}";
}
