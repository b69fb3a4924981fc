using System.Runtime.CompilerServices;
using Matchcut.Encoders.Imaging;
using Matchcut.Encoders.Models;
using Matchcut.Onnx;

namespace Matchcut.Encoders.Text;

/// <summary>
/// PP-OCRv4 text detection (DB). The frame is scaled so its longest side is at most <see cref="TextOptions.MaxSide"/>,
/// both sides rounded to multiples of 32, normalised as PaddleOCR does (RGB 0-1, mean 0.485/0.456/0.406, std
/// 0.229/0.224/0.225), NCHW. The probability map is thresholded, its 8-connected regions become axis-aligned boxes
/// (title cards, signs and burnt-in captions are level), kept when their mean probability is high enough, grown back
/// by DB's unclip distance and mapped to frame pixels.
/// </summary>
public sealed class TextDetector(InferenceSession session, TextOptions options)
{
    public const string InputName = "x";

    private static readonly float[] Mean = [0.485f, 0.456f, 0.406f], Std = [0.229f, 0.224f, 0.225f];

    public static ModelSpec SpecFor(string outputName) => new(
        [new TensorSpec(InputName, TensorElementType.Float, -1, 3, -1, -1)],
        [new TensorSpec(outputName, TensorElementType.Float, -1, 1, -1, -1)]);

    public InferenceSession Session => session;

    /// <summary>Text regions in frame pixels with their mean probability, top to bottom, left to right.</summary>
    public IReadOnlyList<(Box Box, float Score)> Detect(RgbFrame frame)
    {
        var (w, h) = InputSize(frame.Width, frame.Height, options.MaxSide);
        var resized = ImageOps.Resize(frame, w, h);
        using var input = PooledTensor<float>.Rent(1, 3, h, w);
        Normalize(resized, input.Span);
        using var result = OnnxRuns.Timed(session, input.AsInput(InputName));
        var map = result[0];
        if (map.Shape is not [1, 1, var mh, var mw] || mh != h || mw != w)
            throw new InvalidDataException($"Text detector '{session.ModelName}' answered [{string.Join(",", map.Shape)}] for a [1,3,{h},{w}] input.");
        return Regions(map.AsFloats(), w, h, (float)frame.Width / w, (float)frame.Height / h, frame.Width, frame.Height);
    }

    /// <summary>Detector input size: longest side at most <paramref name="maxSide"/>, each side a multiple of 32 (at least 32).</summary>
    public static (int Width, int Height) InputSize(int width, int height, int maxSide)
    {
        var scale = Math.Min(1.0, (double)maxSide / Math.Max(width, height));
        static int Round32(double v) => Math.Max(32, (int)Math.Round(v / 32) * 32);
        return (Round32(width * scale), Round32(height * scale));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Normalize(RgbFrame frame, Span<float> tensor)
    {
        var plane = frame.Width * frame.Height;
        var px = frame.Pixels;
        for (var i = 0; i < plane; i++)
            for (var c = 0; c < 3; c++)
                tensor[c * plane + i] = (px[i * 3 + c] / 255f - Mean[c]) / Std[c];
    }

    private List<(Box, float)> Regions(ReadOnlySpan<float> prob, int w, int h, float sx, float sy, int frameWidth, int frameHeight)
    {
        var label = new int[w * h];
        var stack = new Stack<int>();
        var found = new List<(Box, float)>();
        var next = 0;
        for (var start = 0; start < label.Length; start++)
        {
            if (label[start] != 0 || prob[start] < options.PixelThreshold) continue;
            label[start] = ++next;
            stack.Push(start);
            int x1 = w, y1 = h, x2 = -1, y2 = -1, count = 0;
            double sum = 0;
            while (stack.Count > 0)
            {
                var p = stack.Pop();
                int px = p % w, py = p / w;
                x1 = Math.Min(x1, px); x2 = Math.Max(x2, px); y1 = Math.Min(y1, py); y2 = Math.Max(y2, py);
                sum += prob[p];
                count++;
                for (var dy = -1; dy <= 1; dy++)
                for (var dx = -1; dx <= 1; dx++)
                {
                    int nx = px + dx, ny = py + dy;
                    if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
                    var q = ny * w + nx;
                    if (label[q] != 0 || prob[q] < options.PixelThreshold) continue;
                    label[q] = next;
                    stack.Push(q);
                }
            }
            var score = (float)(sum / count);
            if (score < options.BoxThreshold) continue;
            // DB's unclip: the region grows by area * ratio / perimeter on every side.
            float bw = x2 - x1 + 1, bh = y2 - y1 + 1;
            var d = bw * bh * options.UnclipRatio / (2 * (bw + bh));
            var box = new Box((x1 - d) * sx, (y1 - d) * sy, (x2 + 1 + d) * sx, (y2 + 1 + d) * sy).Clip(frameWidth, frameHeight);
            if (box.Height < options.MinHeight || box.Width < 2) continue;
            found.Add((box, score));
        }
        return MergeLines(found).OrderBy(f => (int)(f.Item1.Y1 / 10)).ThenBy(f => f.Item1.X1).ToList();
    }

    /// <summary>
    /// Joins regions of one line: boxes that overlap vertically by most of the shorter one and lie within half a line
    /// height of each other sideways (DB can part words at a wide space); the score is the area-weighted mean.
    /// </summary>
    public static List<(Box, float)> MergeLines(List<(Box Box, float Score)> regions)
    {
        var merged = regions.OrderBy(r => r.Box.X1).ToList();
        for (var changed = true; changed;)
        {
            changed = false;
            for (var i = 0; i < merged.Count && !changed; i++)
            for (var j = i + 1; j < merged.Count && !changed; j++)
            {
                Box a = merged[i].Box, b = merged[j].Box;
                var overlap = Math.Min(a.Y2, b.Y2) - Math.Max(a.Y1, b.Y1);
                var shorter = Math.Min(a.Height, b.Height);
                var gap = Math.Max(a.X1, b.X1) - Math.Min(a.X2, b.X2);
                if (overlap < 0.6f * shorter || gap > 0.5f * Math.Max(a.Height, b.Height)) continue;
                var box = new Box(Math.Min(a.X1, b.X1), Math.Min(a.Y1, b.Y1), Math.Max(a.X2, b.X2), Math.Max(a.Y2, b.Y2));
                var score = (merged[i].Score * a.Area + merged[j].Score * b.Area) / Math.Max(1e-6f, a.Area + b.Area);
                merged[i] = (box, score);
                merged.RemoveAt(j);
                changed = true;
            }
        }
        return merged.Select(r => (r.Box, r.Score)).ToList();
    }
}
