using System.Numerics.Tensors;
using Matchcut.Media;

namespace Matchcut.Encoders.Frames;

/// <summary>
/// The classical frame-composition flavour: where light, colour and edges sit in the frame. Blocks: an 8x8 luma
/// layout made brightness- and contrast-invariant (so the same framing in other light still matches), a 4x4 chroma
/// layout, a 4x4 grid of 8-bin edge-orientation histograms, the frame's palette (hue histogram weighted by
/// saturation, plus grey), and horizontal bands (mirror-invariant: a subject on the other side still shares them).
/// Each block is L2-normalized (chroma keeps its magnitude) and weighted.
/// </summary>
public static class CompositionDescriptor
{
    public const int LumaGrid = 8, ChromaGrid = 4, EdgeGrid = 4, EdgeBins = 8, HueBins = 12, Bands = 6;
    private const int LumaDims = LumaGrid * LumaGrid, ChromaDims = 2 * ChromaGrid * ChromaGrid, EdgeDims = EdgeGrid * EdgeGrid * EdgeBins;
    private const int PaletteDims = HueBins + 1, BandDims = 3 * Bands;
    public const int Dimension = LumaDims + ChromaDims + EdgeDims + PaletteDims + BandDims;
    private const float LumaWeight = 0.8f, ChromaWeight = 0.5f, EdgeWeight = 0.6f, PaletteWeight = 1.0f, BandWeight = 0.7f;

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
            y[i] = Bt601.Luma(r, g, b);
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

        var edges = output.Slice(LumaDims + ChromaDims, EdgeDims);
        EdgeHistograms(y, width, height, edges);
        NormalizeBlock(edges, EdgeWeight);

        var palette = output.Slice(LumaDims + ChromaDims + EdgeDims, PaletteDims);
        Palette(rgb, n, palette);
        NormalizeBlock(palette, PaletteWeight);

        var bands = output.Slice(LumaDims + ChromaDims + EdgeDims + PaletteDims, BandDims);
        BandMeans(y, cb, cr, width, height, bands);
        NormalizeBlock(bands, BandWeight);

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

    private static void Palette(ReadOnlySpan<byte> rgb, int n, Span<float> bins)
    {
        for (var p = 0; p < n * 3; p += 3)
        {
            float r = rgb[p] / 255f, g = rgb[p + 1] / 255f, b = rgb[p + 2] / 255f;
            var max = MathF.Max(r, MathF.Max(g, b));
            var min = MathF.Min(r, MathF.Min(g, b));
            var chroma = max - min;
            var saturation = max > 0 ? chroma / max : 0;
            bins[HueBins] += 0.25f * (1 - saturation);
            if (chroma <= 1e-4f) continue;
            var hue = max == r ? (g - b) / chroma : max == g ? 2 + (b - r) / chroma : 4 + (r - g) / chroma;
            if (hue < 0) hue += 6;
            bins[Math.Min(HueBins - 1, (int)(hue / 6 * HueBins))] += saturation;
        }
    }

    private static void BandMeans(float[] y, float[] cb, float[] cr, int width, int height, Span<float> bands)
    {
        for (var row = 0; row < height; row++)
        {
            var band = row * Bands / height;
            for (var col = 0; col < width; col++)
            {
                var i = row * width + col;
                bands[band] += y[i];
                bands[Bands + band] += cb[i];
                bands[2 * Bands + band] += cr[i];
            }
        }
        var perBand = (float)width * height / Bands;
        TensorPrimitives.Divide(bands, perBand, bands);
        var luma = bands[..Bands];
        TensorPrimitives.Subtract(luma, TensorPrimitives.Sum(luma) / Bands, luma);
    }

    private static void NormalizeBlock(Span<float> block, float weight)
    {
        var norm = TensorPrimitives.Norm(block);
        if (norm > 1e-6f) TensorPrimitives.Multiply(block, weight / norm, block);
    }
}
