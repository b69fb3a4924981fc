using Matchcut.Encoders.Imaging;
using Matchcut.Onnx;

namespace Matchcut.Encoders.Models;

/// <summary>
/// YuNet (the 2021 prior-box version, fixed 120x160 input). Preprocessing as OpenCV's FaceDetectorYN: BGR, NCHW, raw
/// 0-255 values; the frame is scaled to fit 160x120 keeping its aspect, at the top-left, padded with 0 (FaceDetectorYN
/// pads bottom/right with 0), and boxes are scaled back by the same ratio.
/// </summary>
public sealed class YuNetFaceDetector(InferenceSession session, YuNetDecoder decoder)
{
    public const string InputName = "input", LocName = "loc", ConfName = "conf", IouName = "iou";
    public const int Width = 160, Height = 120;

    public static ModelSpec Spec { get; } = new(
        [new TensorSpec(InputName, TensorElementType.Float, 1, 3, Height, Width)],
        [new TensorSpec(LocName, TensorElementType.Float, YuNetDecoder.PriorCount(Width, Height), 14),
         new TensorSpec(ConfName, TensorElementType.Float, YuNetDecoder.PriorCount(Width, Height), 2),
         new TensorSpec(IouName, TensorElementType.Float, YuNetDecoder.PriorCount(Width, Height), 1)]);

    public InferenceSession Session => session;

    public IReadOnlyList<FaceBox> Run(RgbFrame frame)
    {
        using var input = PooledTensor<float>.Rent(1, 3, Height, Width);
        var ratio = ImageOps.LetterboxNchwBgr(frame, Width, Height, 0f, input.Span);
        using var result = OnnxRuns.Timed(session, input.AsInput(InputName));
        return decoder.Decode(result[LocName].AsFloats(), result[ConfName].AsFloats(), result[IouName].AsFloats())
            .Select(f => f with { Box = f.Box.Scale(1f / ratio).Clip(frame.Width, frame.Height) })
            .Where(f => f.Box.Area > 0)
            .ToList();
    }
}

/// <summary>
/// Prior-box decoding as in OpenCV 4.5's FaceDetectorYN: priors on the 1/8, 1/16, 1/32, 1/64 feature maps (sizes from
/// halving ((w + 1) / 2) / 2), min sizes {10,16,24}, {32,48}, {64,96}, {128,192,256}, centres at (i + 0.5) * step;
/// score = sqrt(conf[face] * clamp(iou, 0, 1)); centre offsets scaled by variance 0.1, width by exp(0.1 * tw) and
/// height by exp(0.2 * th) (OpenCV's asymmetry, kept so boxes match it); NMS on the boxes.
/// </summary>
public sealed class YuNetDecoder
{
    private static readonly float[][] MinSizes = [[10, 16, 24], [32, 48], [64, 96], [128, 192, 256]];
    private static readonly int[] Steps = [8, 16, 32, 64];
    private const float CentreVariance = 0.1f, HeightVariance = 0.2f;

    private readonly int _width, _height;
    private readonly (float Cx, float Cy, float W, float H)[] _priors;
    private readonly float _scoreThreshold, _nmsThreshold;

    public YuNetDecoder(int inputWidth = YuNetFaceDetector.Width, int inputHeight = YuNetFaceDetector.Height,
        float scoreThreshold = 0.75f, float nmsThreshold = 0.3f)
    {
        _width = inputWidth;
        _height = inputHeight;
        _priors = Priors(inputWidth, inputHeight);
        _scoreThreshold = scoreThreshold;
        _nmsThreshold = nmsThreshold;
    }

    public static int PriorCount(int width, int height) => Priors(width, height).Length;

    public IReadOnlyList<FaceBox> Decode(ReadOnlySpan<float> loc, ReadOnlySpan<float> conf, ReadOnlySpan<float> iou)
    {
        if (iou.Length != _priors.Length)
            throw new InvalidDataException($"YuNet gave {iou.Length} scores; {_width}x{_height} has {_priors.Length} priors.");
        var boxes = new List<Box>();
        var scores = new List<float>();
        for (var i = 0; i < _priors.Length; i++)
        {
            var score = MathF.Sqrt(Math.Max(0, conf[i * 2 + 1]) * Math.Clamp(iou[i], 0f, 1f));
            if (score < _scoreThreshold) continue;
            var p = _priors[i];
            var cx = (p.Cx + loc[i * 14] * CentreVariance * p.W) * _width;
            var cy = (p.Cy + loc[i * 14 + 1] * CentreVariance * p.H) * _height;
            var w = p.W * MathF.Exp(loc[i * 14 + 2] * CentreVariance) * _width;
            var h = p.H * MathF.Exp(loc[i * 14 + 3] * HeightVariance) * _height;
            boxes.Add(new Box(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2));
            scores.Add(score);
        }
        return NonMaximumSuppression.Apply(boxes, scores, _nmsThreshold, topK: 50).Select(k => new FaceBox(scores[k], boxes[k])).ToList();
    }

    private static (float, float, float, float)[] Priors(int width, int height)
    {
        int w2 = (width + 1) / 2 / 2, h2 = (height + 1) / 2 / 2;
        var maps = new List<(int W, int H)>();
        int w = w2, h = h2;
        for (var level = 0; level < 4; level++)
        {
            w /= 2;
            h /= 2;
            maps.Add((w, h));
        }
        var priors = new List<(float, float, float, float)>();
        for (var level = 0; level < maps.Count; level++)
            for (var y = 0; y < maps[level].H; y++)
                for (var x = 0; x < maps[level].W; x++)
                    foreach (var size in MinSizes[level])
                        priors.Add(((x + 0.5f) * Steps[level] / width, (y + 0.5f) * Steps[level] / height, size / width, size / height));
        return priors.ToArray();
    }
}
