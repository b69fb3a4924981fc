namespace Matchcut.Analysis.Segmentation;

/// <summary>Turns each decoded RGB frame into its grid and scalar features, comparing it with the frame before.</summary>
internal sealed class FrameFeatureExtractor(int width, int height)
{
    // 4 levels per channel: coarse enough that motion and noise barely move pixels between bins, fine enough to tell scenes apart.
    private const int HistogramBins = 64;
    private readonly byte[] _luma = new byte[width * height];
    private readonly byte[] _previousLuma = new byte[width * height];
    private readonly float[] _histogram = new float[HistogramBins];
    private readonly float[] _previousHistogram = new float[HistogramBins];
    private readonly int[] _lumaCounts = new int[256];
    private readonly long[] _cellSums = new long[FeatureGrid.Bytes];
    private readonly int[] _cellPixels = new int[FeatureGrid.Cells];
    private bool _hasPrevious;

    public FrameStats Extract(ReadOnlySpan<byte> rgb, Span<byte> grid)
    {
        Array.Clear(_histogram);
        Array.Clear(_lumaCounts);
        Array.Clear(_cellSums);
        Array.Clear(_cellPixels);
        long lumaSum = 0, lumaSquares = 0;
        for (var y = 0; y < height; y++)
        {
            var rowCell = y * FeatureGrid.Rows / height * FeatureGrid.Columns;
            for (var x = 0; x < width; x++)
            {
                var p = (y * width + x) * 3;
                int r = rgb[p], g = rgb[p + 1], b = rgb[p + 2];
                // BT.601 weights in fixed point; exact colorimetry does not matter for change detection.
                var l = (77 * r + 150 * g + 29 * b) >> 8;
                _luma[y * width + x] = (byte)l;
                lumaSum += l;
                lumaSquares += l * l;
                _lumaCounts[l]++;
                AddSoft(r, g, b);
                var cell = rowCell + x * FeatureGrid.Columns / width;
                _cellSums[cell * 3] += r;
                _cellSums[cell * 3 + 1] += g;
                _cellSums[cell * 3 + 2] += b;
                _cellPixels[cell]++;
            }
        }
        for (var c = 0; c < FeatureGrid.Cells; c++)
        {
            var n = Math.Max(1, _cellPixels[c]);
            for (var k = 0; k < 3; k++) grid[c * 3 + k] = (byte)((_cellSums[c * 3 + k] + n / 2) / n);
        }
        var pixels = width * height;
        var mean = (double)lumaSum / pixels;
        var std = Math.Sqrt(Math.Max(0, (double)lumaSquares / pixels - mean * mean));
        for (var i = 0; i < HistogramBins; i++) _histogram[i] /= pixels;

        float histogramChange = 0, pixelChange = 0;
        if (_hasPrevious)
        {
            double h = 0;
            for (var i = 0; i < HistogramBins; i++) h += Math.Abs(_histogram[i] - _previousHistogram[i]);
            histogramChange = (float)(h / 2);
            long d = 0;
            for (var i = 0; i < pixels; i++) d += Math.Abs(_luma[i] - _previousLuma[i]);
            pixelChange = (float)d / pixels;
        }
        var stats = new FrameStats((float)mean, (float)std, Percentile(0.98, pixels), LaplacianVariance(), histogramChange, pixelChange);
        _luma.CopyTo(_previousLuma, 0);
        _histogram.CopyTo(_previousHistogram, 0);
        _hasPrevious = true;
        return stats;
    }

    // Each pixel is shared between the two nearest bins per channel, so a colour drifting across a bin edge
    // (a flat card fading) moves the histogram smoothly instead of in one jump that looks like a cut.
    private void AddSoft(int r, int g, int b)
    {
        var (r0, rw) = Bin(r);
        var (g0, gw) = Bin(g);
        var (b0, bw) = Bin(b);
        for (var i = 0; i < 2; i++)
        {
            var wr = i == 0 ? 1 - rw : rw;
            for (var j = 0; j < 2; j++)
            {
                var wg = j == 0 ? 1 - gw : gw;
                var rg = (Math.Min(3, r0 + i) * 4 + Math.Min(3, g0 + j)) * 4;
                _histogram[rg + b0] += wr * wg * (1 - bw);
                _histogram[rg + Math.Min(3, b0 + 1)] += wr * wg * bw;
            }
        }
    }

    // Bin centres sit at 32, 96, 160, 224: the lower bin and the weight of the upper one.
    private static (int Lower, float Weight) Bin(int v)
    {
        var x = Math.Clamp((v - 32) / 64f, 0, 2.999f);
        var lower = (int)x;
        return (lower, x - lower);
    }

    private float Percentile(double q, int pixels)
    {
        var target = q * pixels;
        long seen = 0;
        for (var l = 0; l < 256; l++)
        {
            seen += _lumaCounts[l];
            if (seen >= target) return l;
        }
        return 255;
    }

    // Variance of the 4-neighbour Laplacian: high for in-focus detail, low for blur, black and flat frames.
    private float LaplacianVariance()
    {
        double sum = 0, squares = 0;
        var n = 0;
        for (var y = 1; y < height - 1; y++)
        {
            for (var x = 1; x < width - 1; x++)
            {
                var i = y * width + x;
                var v = 4 * _luma[i] - _luma[i - 1] - _luma[i + 1] - _luma[i - width] - _luma[i + width];
                sum += v;
                squares += v * v;
                n++;
            }
        }
        if (n == 0) return 0;
        var mean = sum / n;
        return (float)(squares / n - mean * mean);
    }
}
