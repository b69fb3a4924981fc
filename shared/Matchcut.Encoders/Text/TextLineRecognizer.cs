using System.Runtime.CompilerServices;
using System.Text;
using Matchcut.Encoders.Imaging;
using Matchcut.Encoders.Models;
using Matchcut.Onnx;

namespace Matchcut.Encoders.Text;

/// <summary>
/// PP-OCRv4 text recognition (CTC). Each crop is resized to height 48 keeping its aspect, normalised to
/// (x / 255 - 0.5) / 0.5, RGB, and batched padded to the widest crop of the batch (zeros, as PaddleOCR pads).
/// The output is greedy-decoded: the best class per time step, repeats merged, blanks (class 0) dropped, class i
/// being line i of the key file and the class after the last line a space; the confidence is the mean best
/// probability over the characters kept.
/// </summary>
public sealed class TextLineRecognizer
{
    public const string InputName = "x";
    public const int Height = 48, MaxWidth = 1600;

    private readonly InferenceSession _session;
    private readonly string[] _classes;
    private readonly int _batch;

    public TextLineRecognizer(InferenceSession session, IReadOnlyList<string> keys, int batch)
    {
        _session = session;
        // 0 is the CTC blank; then the key file's lines; then a space.
        _classes = ["", .. keys, " "];
        _batch = Math.Max(1, batch);
    }

    public static ModelSpec SpecFor(string outputName, int classes) => new(
        [new TensorSpec(InputName, TensorElementType.Float, -1, 3, Height, -1)],
        [new TensorSpec(outputName, TensorElementType.Float, -1, -1, classes)]);

    public InferenceSession Session => _session;

    /// <summary>Number of output classes the key file accounts for (blank, keys, space).</summary>
    public int Classes => _classes.Length;

    /// <summary>Text and confidence of each crop of <paramref name="frame"/>, in the order of <paramref name="boxes"/>.</summary>
    public IReadOnlyList<(string Text, float Confidence)> Recognize(RgbFrame frame, IReadOnlyList<Box> boxes)
    {
        var crops = boxes.Select(b => Crop(frame, b)).ToList();
        var results = new (string, float)[crops.Count];
        // Similar widths together, so a batch pads little.
        var order = Enumerable.Range(0, crops.Count).OrderBy(i => (double)crops[i].Width / crops[i].Height).ToList();
        for (var start = 0; start < order.Count; start += _batch)
        {
            var part = order.Skip(start).Take(_batch).ToList();
            var widths = part.Select(i => Math.Clamp((int)Math.Ceiling(Height * (double)crops[i].Width / crops[i].Height), 8, MaxWidth)).ToList();
            var width = widths.Max();
            using var input = PooledTensor<float>.Rent(part.Count, 3, Height, width);
            input.Span.Clear();
            for (var j = 0; j < part.Count; j++)
                Normalize(ImageOps.Resize(crops[part[j]], widths[j], Height), input.Span.Slice(j * 3 * Height * width, 3 * Height * width), width);
            using var result = OnnxRuns.Timed(_session, input.AsInput(InputName));
            var output = result[0];
            if (output.Shape is not [var n, var steps, var classes] || n != part.Count || classes != _classes.Length)
                throw new InvalidDataException($"Text recognizer '{_session.ModelName}' answered [{string.Join(",", output.Shape)}]; the key file gives {_classes.Length} classes.");
            var probs = output.AsFloats();
            for (var j = 0; j < part.Count; j++)
                results[part[j]] = Decode(probs.Slice((int)(j * steps * classes), (int)(steps * classes)), (int)steps, (int)classes);
        }
        return results;
    }

    /// <summary>Greedy CTC decode of one line's [steps, classes] probabilities.</summary>
    public (string Text, float Confidence) Decode(ReadOnlySpan<float> probs, int steps, int classes)
    {
        var text = new StringBuilder();
        double sum = 0;
        var kept = 0;
        var previous = -1;
        for (var t = 0; t < steps; t++)
        {
            var row = probs.Slice(t * classes, classes);
            var best = 0;
            for (var c = 1; c < classes; c++)
                if (row[c] > row[best]) best = c;
            if (best != 0 && best != previous)
            {
                text.Append(_classes[best]);
                sum += row[best];
                kept++;
            }
            previous = best;
        }
        return (text.ToString().Trim(), kept == 0 ? 0 : (float)(sum / kept));
    }

    private static RgbFrame Crop(RgbFrame frame, Box box)
    {
        int x1 = Math.Clamp((int)box.X1, 0, frame.Width - 1), y1 = Math.Clamp((int)box.Y1, 0, frame.Height - 1);
        int x2 = Math.Clamp((int)MathF.Ceiling(box.X2), x1 + 1, frame.Width), y2 = Math.Clamp((int)MathF.Ceiling(box.Y2), y1 + 1, frame.Height);
        int w = x2 - x1, h = y2 - y1;
        var pixels = new byte[w * h * 3];
        for (var y = 0; y < h; y++)
            frame.Pixels.AsSpan(((y1 + y) * frame.Width + x1) * 3, w * 3).CopyTo(pixels.AsSpan(y * w * 3));
        return new RgbFrame(pixels, w, h);
    }

    // One crop into its slot of the batch (CHW, the batch's width; columns past the crop stay 0).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Normalize(RgbFrame crop, Span<float> slot, int width)
    {
        var plane = Height * width;
        var px = crop.Pixels;
        for (var y = 0; y < crop.Height; y++)
            for (var x = 0; x < crop.Width; x++)
            {
                var s = (y * crop.Width + x) * 3;
                for (var c = 0; c < 3; c++) slot[c * plane + y * width + x] = px[s + c] / 127.5f - 1f;
            }
    }
}
