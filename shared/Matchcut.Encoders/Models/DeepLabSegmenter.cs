using System.Runtime.CompilerServices;
using System.Numerics.Tensors;
using Matchcut.Encoders.Imaging;
using Matchcut.Onnx;

namespace Matchcut.Encoders.Models;

/// <summary>
/// DeepLabV3 (MobileNetV2, Pascal VOC) with its global-average-pooled 160-d feature exposed. Preprocessing: the frame
/// is stretched to 257x257 (bilinear; the TF Lite demo does the same, and it keeps the whole frame in view), RGB, NHWC,
/// value / 127.5 - 1. The person mask is the argmax of the 21 logits equal to class 15, pooled onto a small grid in
/// the frame's own aspect (a cell is person when at least half its pixels are).
/// </summary>
public sealed class DeepLabSegmenter(InferenceSession session)
{
    public const string InputName = "sub_7", LogitsName = "ResizeBilinear_3", PooledName = "AvgPool2D/AvgPool";
    public const int Size = 257, Classes = 21, PersonClass = 15, FeatureDimension = 160;

    public static ModelSpec Spec { get; } = new(
        [new TensorSpec(InputName, TensorElementType.Float, 1, Size, Size, 3)],
        [new TensorSpec(LogitsName, TensorElementType.Float, 1, Size, Size, Classes),
         new TensorSpec(PooledName, TensorElementType.Float, 1, FeatureDimension, 1, 1)]);

    public InferenceSession Session => session;

    /// <summary>The L2-normalized pooled feature and, when asked, the person mask on <paramref name="maskGrid"/>.</summary>
    public (float[] Feature, PersonMask? Mask) Run(RgbFrame frame, (int Width, int Height)? maskGrid)
    {
        using var input = PooledTensor<float>.Rent(1, Size, Size, 3);
        ImageOps.ToNhwcSigned(ImageOps.Resize(frame, Size, Size), input.Span);
        using var result = OnnxRuns.Timed(session, input.AsInput(InputName));
        var feature = result[PooledName].ToArray<float>();
        Normalize(feature);
        var mask = maskGrid is { } grid ? PersonMaskOf(result[LogitsName].AsFloats(), grid.Width, grid.Height) : null;
        return (feature, mask);
    }

    /// <summary>Argmax over classes per pixel, then the share of person pixels per grid cell.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static PersonMask PersonMaskOf(ReadOnlySpan<float> logits, int gridWidth, int gridHeight)
    {
        var person = new int[gridWidth * gridHeight];
        var total = new int[gridWidth * gridHeight];
        for (var y = 0; y < Size; y++)
        {
            var gy = y * gridHeight / Size;
            for (var x = 0; x < Size; x++)
            {
                var pixel = logits.Slice((y * Size + x) * Classes, Classes);
                var cell = gy * gridWidth + x * gridWidth / Size;
                total[cell]++;
                if (TensorPrimitives.IndexOfMax(pixel) == PersonClass) person[cell]++;
            }
        }
        var cells = new bool[person.Length];
        for (var i = 0; i < cells.Length; i++) cells[i] = total[i] > 0 && person[i] * 2 >= total[i];
        return PersonMask.FromCells(gridWidth, gridHeight, cells);
    }

    internal static void Normalize(Span<float> v)
    {
        var norm = TensorPrimitives.Norm(v);
        if (norm > 1e-12f) TensorPrimitives.Divide(v, norm, v);
    }
}
