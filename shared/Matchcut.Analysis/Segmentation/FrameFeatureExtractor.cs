using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Matchcut.Media;

namespace Matchcut.Analysis.Segmentation;

/// <summary>
/// Turns each decoded RGB frame into its grid and scalar features, comparing it with the frame before.
/// Runs for every pixel of every frame on the cores the standardized encode shares, so it is written for speed: every
/// sum is an exact integer (whatever the order or the instruction set, the features are the same numbers), the cell
/// and bin lookups are tables made once, and the luma difference and Laplacian use AVX2 where the CPU has it.
/// </summary>
internal sealed class FrameFeatureExtractor
{
    // 4 levels per channel: coarse enough that motion and noise barely move pixels between bins, fine enough to tell scenes apart.
    private const int HistogramBins = 64;
    private readonly int _width;
    private readonly int _height;
    private readonly byte[] _luma;
    private readonly byte[] _previousLuma;
    private readonly float[] _histogram = new float[HistogramBins];
    private readonly float[] _previousHistogram = new float[HistogramBins];
    private readonly int[] _lumaCounts = new int[256];
    // Soft-histogram weights per lower corner (see SpreadSoftWeights), in two copies (even and odd pixels) so
    // neighbouring pixels of one colour do not wait on each other's sums.
    private const int SoftSlots = 27 * 2;
    private readonly Vector128<int>[] _softWeights = new Vector128<int>[2 * SoftSlots];
    private readonly int[] _softCounts = new int[HistogramBins];
    private readonly long[] _cellSums = new long[FeatureGrid.Bytes];
    private readonly int[] _cellPixels = new int[FeatureGrid.Cells];
    // First x of each grid column (and one past the last): pixel x is in column x * Columns / width.
    private readonly int[] _columnStart = new int[FeatureGrid.Columns + 1];
    private bool _hasPrevious;

    public FrameFeatureExtractor(int width, int height)
    {
        _width = width;
        _height = height;
        _luma = new byte[width * height];
        _previousLuma = new byte[width * height];
        for (var c = 0; c <= FeatureGrid.Columns; c++)
        {
            var x = 0;
            while (x < width && x * FeatureGrid.Columns / width < c) x++;
            _columnStart[c] = x;
        }
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
                _cellPixels[y * FeatureGrid.Rows / height * FeatureGrid.Columns + x * FeatureGrid.Columns / width]++;
    }

    public FrameStats Extract(ReadOnlySpan<byte> rgb, Span<byte> grid)
    {
        int width = _width, height = _height;
        Array.Clear(_softWeights);
        Array.Clear(_lumaCounts);
        Array.Clear(_cellSums);
        long lumaSum = 0, lumaSquares = 0;
        for (var y = 0; y < height; y++)
        {
            var rowCell = y * FeatureGrid.Rows / height * FeatureGrid.Columns;
            var row = rgb.Slice(y * width * 3, width * 3);
            var lumaRow = _luma.AsSpan(y * width, width);
            for (var c = 0; c < FeatureGrid.Columns; c++)
            {
                int start = _columnStart[c], end = _columnStart[c + 1];
                if (start == end) continue;
                var (r, g, b, sum, squares) = AddRun(row, lumaRow, start, end);
                var cell = (rowCell + c) * 3;
                _cellSums[cell] += r;
                _cellSums[cell + 1] += g;
                _cellSums[cell + 2] += b;
                lumaSum += sum;
                lumaSquares += squares;
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
        SpreadSoftWeights(_softCounts);
        for (var i = 0; i < HistogramBins; i++) _histogram[i] = _softCounts[i] / (4096f * pixels);

        float histogramChange = 0, pixelChange = 0;
        if (_hasPrevious)
        {
            double h = 0;
            for (var i = 0; i < HistogramBins; i++) h += Math.Abs(_histogram[i] - _previousHistogram[i]);
            histogramChange = (float)(h / 2);
            pixelChange = (float)AbsoluteDifference(_luma, _previousLuma) / pixels;
        }
        var stats = new FrameStats((float)mean, (float)std, Percentile(0.98, pixels), LaplacianVariance(), histogramChange, pixelChange);
        _luma.CopyTo(_previousLuma, 0);
        _histogram.CopyTo(_previousHistogram, 0);
        _hasPrevious = true;
        return stats;
    }

    // One grid cell's stretch of a row: luma per pixel (its sums and histogram), the colour sums, and the soft histogram.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private (long R, long G, long B, long Luma, long LumaSquares) AddRun(ReadOnlySpan<byte> row, Span<byte> lumaRow, int start, int end)
    {
        long sr = 0, sg = 0, sb = 0, sum = 0, squares = 0;
        ref var counts = ref MemoryMarshal.GetArrayDataReference(_lumaCounts);
        ref var soft = ref MemoryMarshal.GetArrayDataReference(_softWeights);
        ref var bins = ref MemoryMarshal.GetArrayDataReference(LowerBins);
        ref var redWeights = ref MemoryMarshal.GetArrayDataReference(RedWeights);
        ref var greenWeights = ref MemoryMarshal.GetArrayDataReference(GreenWeights);
        ref var blueWeights = ref MemoryMarshal.GetArrayDataReference(BlueWeights);
        ref var pixel = ref MemoryMarshal.GetReference(row);
        for (var x = start; x < end; x++)
        {
            int r = Unsafe.Add(ref pixel, x * 3), g = Unsafe.Add(ref pixel, x * 3 + 1), b = Unsafe.Add(ref pixel, x * 3 + 2);
            var l = Bt601.Luma8(r, g, b);
            lumaRow[x] = (byte)l;
            sum += l;
            squares += l * l;
            Unsafe.Add(ref counts, l)++;
            sr += r;
            sg += g;
            sb += b;
            // The pixel's eight soft-bin weights at once (each <= 16^3, so 16 bits hold them), added to its lower corner's slot.
            var weights = Vector128.LoadUnsafe(ref redWeights, (nuint)(r * 8))
                * Vector128.LoadUnsafe(ref greenWeights, (nuint)(g * 8))
                * Vector128.LoadUnsafe(ref blueWeights, (nuint)(b * 8));
            var corner = (Unsafe.Add(ref bins, r) * 9 + Unsafe.Add(ref bins, g) * 3 + Unsafe.Add(ref bins, b)) * 2 + (x & 1) * SoftSlots;
            var (lower, upper) = Vector128.Widen(weights);
            Unsafe.Add(ref soft, corner) += lower;
            Unsafe.Add(ref soft, corner + 1) += upper;
        }
        return (sr, sg, sb, sum, squares);
    }

    // Each pixel is shared between the two nearest bins per channel, so a colour drifting across a bin edge
    // (a flat card fading) moves the histogram smoothly instead of in one jump that looks like a cut.
    // Weights are in sixteenths, looked up per channel value, and summed as integers: this runs for every pixel.
    // A pixel's lower bins (r0, g0, b0) name one of 27 corners; its weights go to the bins (r0 + i, g0 + j, b0 + k), i, j,
    // k in {0, 1}, lane 4i + 2j + k of its corner's slot, and the slots are spread into the 64 bins once per frame.
    private void SpreadSoftWeights(Span<int> bins)
    {
        bins.Clear();
        for (var corner = 0; corner < 27; corner++)
        {
            int r0 = corner / 9, g0 = corner / 3 % 3, b0 = corner % 3;
            for (var copy = 0; copy < 2; copy++)
            {
                for (var lane = 0; lane < 8; lane++)
                {
                    var slot = _softWeights[copy * SoftSlots + corner * 2 + lane / 4];
                    bins[((r0 + (lane >> 2)) * 4 + g0 + (lane >> 1 & 1)) * 4 + b0 + (lane & 1)] += slot.GetElement(lane & 3);
                }
            }
        }
    }

    // Bin centres sit at 32, 96, 160, 224: per channel value, the lower bin and the upper bin's weight in sixteenths.
    private static readonly byte[] LowerBins = BinTable(x => (byte)x);
    private static readonly byte[] UpperWeights = BinTable(x => (byte)Math.Round((x - (int)x) * 16));

    private static byte[] BinTable(Func<float, byte> pick) =>
        Enumerable.Range(0, 256).Select(v => pick(Math.Clamp((v - 32) / 64f, 0, 2.999f))).ToArray();

    // Per channel value, its weight for each of the eight lanes: lower or upper bin of that channel as the lane says.
    private static readonly short[] RedWeights = LaneWeights(lane => lane >> 2);
    private static readonly short[] GreenWeights = LaneWeights(lane => lane >> 1 & 1);
    private static readonly short[] BlueWeights = LaneWeights(lane => lane & 1);

    private static short[] LaneWeights(Func<int, int> upper)
    {
        var table = new short[256 * 8];
        for (var v = 0; v < 256; v++)
            for (var lane = 0; lane < 8; lane++)
                table[v * 8 + lane] = (short)(upper(lane) == 1 ? UpperWeights[v] : 16 - UpperWeights[v]);
        return table;
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

    // Sum of absolute luma differences between two frames.
    private static long AbsoluteDifference(byte[] a, byte[] b)
    {
        long d = 0;
        var i = 0;
        if (Avx2.IsSupported)
        {
            var total = Vector256<ulong>.Zero;
            ref var pa = ref MemoryMarshal.GetArrayDataReference(a);
            ref var pb = ref MemoryMarshal.GetArrayDataReference(b);
            for (; i + 32 <= a.Length; i += 32)
                total += Avx2.SumAbsoluteDifferences(Vector256.LoadUnsafe(ref pa, (nuint)i), Vector256.LoadUnsafe(ref pb, (nuint)i)).AsUInt64();
            d = (long)Vector256.Sum(total);
        }
        for (; i < a.Length; i++) d += Math.Abs(a[i] - b[i]);
        return d;
    }

    // Variance of the 4-neighbour Laplacian: high for in-focus detail, low for blur, black and flat frames.
    // Summed as integers: the same numbers the double sums gave, as every partial sum is an integer well below 2^53.
    private float LaplacianVariance()
    {
        int width = _width, height = _height;
        long sum = 0, squares = 0;
        var n = 0;
        for (var y = 1; y < height - 1; y++)
        {
            var x = 1;
            if (Avx2.IsSupported)
            {
                var (s, q, done) = LaplacianRow(y * width, width);
                sum += s;
                squares += q;
                x += done;
            }
            for (; x < width - 1; x++)
            {
                var i = y * width + x;
                var v = 4 * _luma[i] - _luma[i - 1] - _luma[i + 1] - _luma[i - width] - _luma[i + width];
                sum += v;
                squares += v * v;
            }
            n += Math.Max(0, width - 2);
        }
        if (n <= 0) return 0;
        var mean = (double)sum / n;
        return (float)((double)squares / n - mean * mean);
    }

    // The Laplacian over as many 16-pixel blocks of row interior as fit: its sum, its sum of squares and the pixels done.
    private (long Sum, long Squares, int Done) LaplacianRow(int rowStart, int width)
    {
        var blocks = (width - 2) / 16;
        if (blocks == 0) return (0, 0, 0);
        ref var luma = ref MemoryMarshal.GetArrayDataReference(_luma);
        var sums = Vector256<int>.Zero;
        var squares = Vector256<int>.Zero;
        var ones = Vector256.Create((short)1);
        for (var k = 0; k < blocks; k++)
        {
            var i = (nuint)(rowStart + 1 + k * 16);
            var centre = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref luma, i));
            var left = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref luma, i - 1));
            var right = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref luma, i + 1));
            var up = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref luma, i - (nuint)width));
            var down = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref luma, i + (nuint)width));
            // |v| <= 1020 fits 16 bits; pairs of squares (<= 2.1e6) and a row of them (up to 16,000 pixels wide) fit 32-bit lanes.
            var v = (centre << 2) - left - right - up - down;
            sums += Avx2.MultiplyAddAdjacent(v, ones);
            squares += Avx2.MultiplyAddAdjacent(v, v);
        }
        long sum = 0, square = 0;
        for (var lane = 0; lane < Vector256<int>.Count; lane++)
        {
            sum += sums.GetElement(lane);
            square += squares.GetElement(lane);
        }
        return (sum, square, blocks * 16);
    }
}
