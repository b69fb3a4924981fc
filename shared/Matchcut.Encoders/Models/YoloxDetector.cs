using System.Runtime.CompilerServices;
using System.Numerics.Tensors;
using Matchcut.Encoders.Imaging;
using Matchcut.Onnx;

namespace Matchcut.Encoders.Models;

/// <summary>
/// YOLOX-nano (COCO) with its dark5 backbone map exposed. Preprocessing as YOLOX's ValTransform (legacy=False): letterbox
/// to 416x416 keeping aspect, image at the top-left, padding 114, BGR, NCHW, raw 0-255 values. The dark5 map
/// [1,256,13,13] is globally average-pooled into a 256-d feature.
/// </summary>
public sealed class YoloxDetector(InferenceSession session, YoloxDecoder decoder)
{
    public const string InputName = "images", OutputName = "output", Dark5Name = "886";
    public const int Size = 416, Anchors = 3549, Channels = 85, FeatureDimension = 256;
    public const float PadValue = 114f;

    public static ModelSpec Spec { get; } = new(
        [new TensorSpec(InputName, TensorElementType.Float, 1, 3, Size, Size)],
        [new TensorSpec(OutputName, TensorElementType.Float, 1, Anchors, Channels),
         new TensorSpec(Dark5Name, TensorElementType.Float, 1, FeatureDimension, 13, 13)]);

    public InferenceSession Session => session;

    /// <summary>Detections in frame pixels after NMS, and the L2-normalized pooled dark5 feature.</summary>
    public (IReadOnlyList<Detection> Detections, float[] Feature) Run(RgbFrame frame)
    {
        using var input = PooledTensor<float>.Rent(1, 3, Size, Size);
        var ratio = ImageOps.LetterboxNchwBgr(frame, Size, Size, PadValue, input.Span);
        using var result = OnnxRuns.Timed(session, input.AsInput(InputName));
        var detections = decoder.Decode(result[OutputName].AsFloats(), ratio, frame.Width, frame.Height);
        var map = result[Dark5Name].AsFloats();
        var feature = new float[FeatureDimension];
        var cells = map.Length / FeatureDimension;
        for (var c = 0; c < FeatureDimension; c++) feature[c] = TensorPrimitives.Sum(map.Slice(c * cells, cells)) / cells;
        DeepLabSegmenter.Normalize(feature);
        return (detections, feature);
    }
}

/// <summary>
/// Decodes YOLOX's raw head output (decode_in_inference off): per anchor point of the stride 8/16/32 grids on the
/// 416x416 input (52x52, 26x26, 13x13, row-major, in that order), cx = (tx + gx) * s, cy = (ty + gy) * s,
/// w = exp(tw) * s, h = exp(th) * s; objectness and 80 class scores are already sigmoid-activated. Candidates are
/// objectness x class score over the threshold (every class, as YOLOX's class-aware NMS does), then NMS per class,
/// then the letterbox is undone (divide by the resize ratio, clip to the frame).
/// </summary>
public sealed class YoloxDecoder(float scoreThreshold = 0.3f, float nmsThreshold = 0.45f)
{
    private static readonly int[] Strides = [8, 16, 32];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public IReadOnlyList<Detection> Decode(ReadOnlySpan<float> output, float ratio, int frameWidth, int frameHeight)
    {
        var perClass = new Dictionary<int, (List<Box> Boxes, List<float> Scores)>();
        var anchor = 0;
        foreach (var stride in Strides)
        {
            var grid = YoloxDetector.Size / stride;
            for (var gy = 0; gy < grid; gy++)
            for (var gx = 0; gx < grid; gx++, anchor++)
            {
                var row = output.Slice(anchor * YoloxDetector.Channels, YoloxDetector.Channels);
                var objectness = row[4];
                if (objectness < scoreThreshold) continue;
                Box? box = null;
                for (var c = 0; c < YoloxDetector.Channels - 5; c++)
                {
                    var score = objectness * row[5 + c];
                    if (score < scoreThreshold) continue;
                    box ??= BoxOf(row, gx, gy, stride).Scale(1f / ratio).Clip(frameWidth, frameHeight);
                    if (!perClass.TryGetValue(c, out var list)) perClass[c] = list = ([], []);
                    list.Boxes.Add(box.Value);
                    list.Scores.Add(score);
                }
            }
        }
        if (anchor != output.Length / YoloxDetector.Channels)
            throw new InvalidDataException($"YOLOX output has {output.Length / YoloxDetector.Channels} anchors; strides 8/16/32 on {YoloxDetector.Size} give {anchor}.");

        var detections = new List<Detection>();
        foreach (var (classId, (boxes, scores)) in perClass)
            foreach (var k in NonMaximumSuppression.Apply(boxes, scores, nmsThreshold))
                if (boxes[k].Area > 0) detections.Add(new Detection(classId, scores[k], boxes[k]));
        detections.Sort((a, b) => b.Score.CompareTo(a.Score));
        return detections;
    }

    private static Box BoxOf(ReadOnlySpan<float> row, int gx, int gy, int stride)
    {
        var cx = (row[0] + gx) * stride;
        var cy = (row[1] + gy) * stride;
        var w = MathF.Exp(row[2]) * stride;
        var h = MathF.Exp(row[3]) * stride;
        return new Box(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2);
    }
}
