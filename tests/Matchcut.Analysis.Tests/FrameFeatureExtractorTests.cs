using Matchcut.Analysis.Segmentation;
using Matchcut.Media;

namespace Matchcut.Analysis.Tests;

/// <summary>
/// The extractor is written for speed (tables, vector lanes, integer sums); the features must stay exactly the numbers
/// the plain per-pixel definition below gives, or stored features and tuned thresholds would silently mean something else.
/// </summary>
public class FrameFeatureExtractorTests
{
    [Theory]
    [InlineData("testvideo.mp4")]
    [InlineData("issue-195-aspect-ratio.mp4")]
    [InlineData("issue-134-rotate.mp4")]
    public async Task Features_of_real_footage_are_exactly_those_of_the_per_pixel_definition(string name)
    {
        var path = TestMedia.File(name);
        var probe = await new VideoProber(AnalysisCache.Media).ProbeAsync(path);
        var (width, height) = probe.SizeForWidth(new SegmentationOptions().AnalysisWidth);
        await using var reader = RawFrameReader.Open(AnalysisCache.Media, path, width, height, RawPixelFormat.Rgb24,
            preFilter: StandardizedProfile.Current.ScaleFilter(probe));
        var frame = new byte[reader.FrameBytes];
        var frames = 0;
        var compare = new Comparison(width, height);
        while (await reader.ReadFrameAsync(frame))
            compare.Frame(frame, frames++);
        await reader.CompleteAsync();
        Assert.True(frames > 100, $"{frames} frames");
    }

    [Theory]
    [InlineData(128, 72)]
    [InlineData(7, 5)]     // narrower than the grid: columns without pixels
    [InlineData(37, 3)]    // one interior row; vector blocks and a scalar tail
    [InlineData(130, 97)]
    [InlineData(2, 2)]     // no interior at all
    public void Features_of_noise_flats_and_ramps_are_exactly_those_of_the_per_pixel_definition(int width, int height)
    {
        var random = new Random(width * 1000 + height);
        var compare = new Comparison(width, height);
        var frame = new byte[width * height * 3];
        for (var i = 0; i < 24; i++)
        {
            switch (i % 4)
            {
                case 0: random.NextBytes(frame); break;
                case 1: Array.Fill(frame, (byte)random.Next(256)); break;
                case 2:
                    for (var p = 0; p < frame.Length; p++) frame[p] = (byte)(p * 7 + i);
                    break;
                default:
                    // Extremes: the Laplacian's and the histogram weights' largest values.
                    for (var p = 0; p < frame.Length; p++) frame[p] = (byte)((p / 3 + p / 3 / width) % 2 == 0 ? 255 : 0);
                    break;
            }
            compare.Frame(frame, i);
        }
    }

    private sealed class Comparison(int width, int height)
    {
        private readonly FrameFeatureExtractor _fast = new(width, height);
        private readonly ReferenceFeatures _reference = new(width, height);
        private readonly byte[] _fastGrid = new byte[FeatureGrid.Bytes];
        private readonly byte[] _referenceGrid = new byte[FeatureGrid.Bytes];

        public void Frame(byte[] rgb, int index)
        {
            var fast = _fast.Extract(rgb, _fastGrid);
            var reference = _reference.Extract(rgb, _referenceGrid);
            Assert.True(fast == reference, $"frame {index}: {fast} against {reference}");
            Assert.True(_fastGrid.AsSpan().SequenceEqual(_referenceGrid), $"grid of frame {index}");
        }
    }

    /// <summary>The features' definition, pixel by pixel and sum by sum, as the extractor computed them up to seg-v7.</summary>
    private sealed class ReferenceFeatures(int width, int height)
    {
        private readonly byte[] _luma = new byte[width * height];
        private readonly byte[] _previousLuma = new byte[width * height];
        private readonly float[] _histogram = new float[64];
        private readonly float[] _previousHistogram = new float[64];
        private bool _hasPrevious;

        public FrameStats Extract(ReadOnlySpan<byte> rgb, Span<byte> grid)
        {
            var soft = new int[64];
            var lumaCounts = new int[256];
            var cellSums = new long[FeatureGrid.Bytes];
            var cellPixels = new int[FeatureGrid.Cells];
            long lumaSum = 0, lumaSquares = 0;
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    var p = (y * width + x) * 3;
                    int r = rgb[p], g = rgb[p + 1], b = rgb[p + 2];
                    var l = (77 * r + 150 * g + 29 * b) >> 8;
                    _luma[y * width + x] = (byte)l;
                    lumaSum += l;
                    lumaSquares += l * l;
                    lumaCounts[l]++;
                    int r0 = Lower(r), g0 = Lower(g), b0 = Lower(b), rw = Upper(r), gw = Upper(g), bw = Upper(b);
                    for (var i = 0; i < 8; i++)
                    {
                        int ri = i >> 2, gi = i >> 1 & 1, bi = i & 1;
                        soft[(Math.Min(3, r0 + ri) * 4 + Math.Min(3, g0 + gi)) * 4 + Math.Min(3, b0 + bi)] +=
                            (ri == 1 ? rw : 16 - rw) * (gi == 1 ? gw : 16 - gw) * (bi == 1 ? bw : 16 - bw);
                    }
                    var cell = y * FeatureGrid.Rows / height * FeatureGrid.Columns + x * FeatureGrid.Columns / width;
                    cellSums[cell * 3] += r;
                    cellSums[cell * 3 + 1] += g;
                    cellSums[cell * 3 + 2] += b;
                    cellPixels[cell]++;
                }
            }
            for (var c = 0; c < FeatureGrid.Cells; c++)
            {
                var n = Math.Max(1, cellPixels[c]);
                for (var k = 0; k < 3; k++) grid[c * 3 + k] = (byte)((cellSums[c * 3 + k] + n / 2) / n);
            }
            var pixels = width * height;
            var mean = (double)lumaSum / pixels;
            var std = Math.Sqrt(Math.Max(0, (double)lumaSquares / pixels - mean * mean));
            for (var i = 0; i < 64; i++) _histogram[i] = soft[i] / (4096f * pixels);
            float histogramChange = 0, pixelChange = 0;
            if (_hasPrevious)
            {
                double h = 0;
                for (var i = 0; i < 64; i++) h += Math.Abs(_histogram[i] - _previousHistogram[i]);
                histogramChange = (float)(h / 2);
                long d = 0;
                for (var i = 0; i < pixels; i++) d += Math.Abs(_luma[i] - _previousLuma[i]);
                pixelChange = (float)d / pixels;
            }
            var target = 0.98 * pixels;
            long seen = 0;
            float bright = 255;
            for (var l = 0; l < 256; l++)
            {
                seen += lumaCounts[l];
                if (seen >= target) { bright = l; break; }
            }
            var stats = new FrameStats((float)mean, (float)std, bright, Laplacian(), histogramChange, pixelChange);
            _luma.CopyTo(_previousLuma, 0);
            _histogram.CopyTo(_previousHistogram, 0);
            _hasPrevious = true;
            return stats;
        }

        private static float Position(int v) => Math.Clamp((v - 32) / 64f, 0, 2.999f);
        private static int Lower(int v) => (int)Position(v);
        private static int Upper(int v) => (byte)Math.Round((Position(v) - (int)Position(v)) * 16);

        private float Laplacian()
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
}
