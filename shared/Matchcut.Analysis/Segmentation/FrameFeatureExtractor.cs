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
    private readonly int[] _softCounts = new int[HistogramBins];
    private readonly long[] _cellSums = new long[FeatureGrid.Bytes];
    private readonly int[] _cellPixels = new int[FeatureGrid.Cells];
    private bool _hasPrevious;

    public FrameStats Extract(ReadOnlySpan<byte> rgb, Span<byte> grid)
    {
        Array.Clear(_softCounts);
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
        for (var i = 0; i < HistogramBins; i++) _histogram[i] = _softCounts[i] / (4096f * pixels);

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
    // Weights are in sixteenths, looked up per channel value, and summed as integers: this runs for every pixel.
    private void AddSoft(int r, int g, int b)
    {
        int r0 = LowerBin[r], g0 = LowerBin[g], b0 = LowerBin[b];
        int rw = UpperWeight[r], gw = UpperWeight[g], bw = UpperWeight[b];
        int r1 = Math.Min(3, r0 + 1), g1 = Math.Min(3, g0 + 1), b1 = Math.Min(3, b0 + 1);
        int rl = 16 - rw, gl = 16 - gw, bl = 16 - bw;
        var h = _softCounts;
        h[(r0 * 4 + g0) * 4 + b0] += rl * gl * bl;
        h[(r0 * 4 + g0) * 4 + b1] += rl * gl * bw;
        h[(r0 * 4 + g1) * 4 + b0] += rl * gw * bl;
        h[(r0 * 4 + g1) * 4 + b1] += rl * gw * bw;
        h[(r1 * 4 + g0) * 4 + b0] += rw * gl * bl;
        h[(r1 * 4 + g0) * 4 + b1] += rw * gl * bw;
        h[(r1 * 4 + g1) * 4 + b0] += rw * gw * bl;
        h[(r1 * 4 + g1) * 4 + b1] += rw * gw * bw;
    }

    // Bin centres sit at 32, 96, 160, 224: per channel value, the lower bin and the upper bin's weight in sixteenths.
    private static readonly byte[] LowerBin = BinTable(x => (byte)x);
    private static readonly byte[] UpperWeight = BinTable(x => (byte)Math.Round((x - (int)x) * 16));

    private static byte[] BinTable(Func<float, byte> pick) =>
        Enumerable.Range(0, 256).Select(v => pick(Math.Clamp((v - 32) / 64f, 0, 2.999f))).ToArray();

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
