using System.Numerics.Tensors;

namespace Matchcut.EmbedGpu;

/// <summary>
/// The classical frame-composition flavour: where light, colour and edges sit in the frame. Blocks: an 8x8 luma
/// layout made brightness- and contrast-invariant (so the same framing in other light still matches), a 4x4 chroma
/// layout, and a 4x4 grid of 8-bin edge-orientation histograms. Each block is L2-normalized and weighted.
/// </summary>
public static class CompositionDescriptor
{
    public const int LumaGrid = 8, ChromaGrid = 4, EdgeGrid = 4, EdgeBins = 8;
    public const int Dimension = LumaGrid * LumaGrid + 2 * ChromaGrid * ChromaGrid + EdgeGrid * EdgeGrid * EdgeBins;
    private const float LumaWeight = 1.0f, ChromaWeight = 0.5f, EdgeWeight = 1.0f;

    /// <summary>The descriptor of one RGB24 frame, L2-normalized, into <paramref name="output"/> (length <see cref="Dimension"/>).</summary>
    public static void Compute(ReadOnlySpan<byte> rgb, int width, int height, Span<float> output)
    {
        if (output.Length != Dimension) throw new ArgumentException($"Output must have {Dimension} values.", nameof(output));
        var n = width * height;
        var y = new float[n];
        var cb = new float[n];
        var cr = new float[n];
        for (int i = 0, p = 0; i < n; i++, p += 3)
        {
            float r = rgb[p], g = rgb[p + 1], b = rgb[p + 2];
            y[i] = 0.299f * r + 0.587f * g + 0.114f * b;
            cb[i] = (b - y[i]) * 0.564f;
            cr[i] = (r - y[i]) * 0.713f;
        }
        output.Clear();
        var luma = output[..(LumaGrid * LumaGrid)];
        GridMeans(y, width, height, LumaGrid, luma);
        var mean = TensorPrimitives.Sum(luma) / luma.Length;
        TensorPrimitives.Subtract(luma, mean, luma);
        NormalizeBlock(luma, LumaWeight);

        var chroma = output.Slice(LumaGrid * LumaGrid, 2 * ChromaGrid * ChromaGrid);
        GridMeans(cb, width, height, ChromaGrid, chroma[..(ChromaGrid * ChromaGrid)]);
        GridMeans(cr, width, height, ChromaGrid, chroma[(ChromaGrid * ChromaGrid)..]);
        TensorPrimitives.Divide(chroma, 128f, chroma);
        // Chroma keeps its magnitude (grey frames carry little), scaled, not normalized.
        TensorPrimitives.Multiply(chroma, ChromaWeight, chroma);

        var edges = output[(LumaGrid * LumaGrid + 2 * ChromaGrid * ChromaGrid)..];
        EdgeHistograms(y, width, height, edges);
        NormalizeBlock(edges, EdgeWeight);

        var norm = TensorPrimitives.Norm(output);
        if (norm > 0) TensorPrimitives.Divide(output, norm, output);
    }

    private static void GridMeans(float[] plane, int width, int height, int grid, Span<float> cells)
    {
        Span<int> counts = stackalloc int[grid * grid];
        cells.Clear();
        for (var row = 0; row < height; row++)
        {
            var gy = row * grid / height;
            for (var col = 0; col < width; col++)
            {
                var c = gy * grid + col * grid / width;
                cells[c] += plane[row * width + col];
                counts[c]++;
            }
        }
        for (var c = 0; c < cells.Length; c++) cells[c] /= Math.Max(1, counts[c]);
    }

    private static void EdgeHistograms(float[] y, int width, int height, Span<float> bins)
    {
        for (var row = 1; row < height - 1; row++)
        {
            var gy = row * EdgeGrid / height;
            for (var col = 1; col < width - 1; col++)
            {
                var i = row * width + col;
                var dx = y[i - width + 1] + 2 * y[i + 1] + y[i + width + 1] - y[i - width - 1] - 2 * y[i - 1] - y[i + width - 1];
                var dy = y[i + width - 1] + 2 * y[i + width] + y[i + width + 1] - y[i - width - 1] - 2 * y[i - width] - y[i - width + 1];
                var magnitude = MathF.Sqrt(dx * dx + dy * dy);
                if (magnitude < 8f) continue;
                var angle = MathF.Atan2(dy, dx);
                if (angle < 0) angle += MathF.PI;
                var bin = Math.Min(EdgeBins - 1, (int)(angle / MathF.PI * EdgeBins));
                var cell = gy * EdgeGrid + col * EdgeGrid / width;
                bins[cell * EdgeBins + bin] += magnitude;
            }
        }
    }

    private static void NormalizeBlock(Span<float> block, float weight)
    {
        var norm = TensorPrimitives.Norm(block);
        if (norm > 1e-6f) TensorPrimitives.Multiply(block, weight / norm, block);
    }
}
