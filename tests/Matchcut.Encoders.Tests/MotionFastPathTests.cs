using Matchcut.Encoders.Imaging;
using Matchcut.Encoders.Motion;
using Matchcut.Encoders.Shots;
using Matchcut.Encoders.Tests.Reference;
using Matchcut.Media;

namespace Matchcut.Encoders.Tests;

/// <summary>
/// Optical flow, the motion accumulator and the area luma are written for speed (vector lanes, no bounds checks, reused
/// buffers, band sums, a selection instead of a sort); motion and camera vectors must stay exactly what the plain
/// definitions in Reference/ (the code as it stood before) give, or stored embeddings would silently change.
/// </summary>
public class MotionFastPathTests
{
    private static readonly MediaOptions Media = new();

    [Theory]
    [InlineData("bbb_0_30.webm", 320, 180)]
    [InlineData("testvideo.mp4", 640, 360)]
    [InlineData("issue-134-rotate.mp4", 202, 360)]
    public async Task Motion_of_real_footage_is_exactly_that_of_the_reference_flow_and_fit(string name, int width, int height)
    {
        var (fw, fh) = ShotVideoAnalyzer.FlowSize(width, height, new EncodingOptions().FlowPixels);
        var fast = new Pair(fw, fh);
        var frames = 0;
        await using var reader = RawFrameReader.Open(Media, TestMedia.File(name), width, height, RawPixelFormat.Rgb24);
        var buffer = new byte[reader.FrameBytes];
        while (frames < 240 && await reader.ReadFrameAsync(buffer))
        {
            var rgb = new RgbFrame(buffer, width, height);
            fast.Add(ImageOps.Luma(rgb, fw, fh), ReferenceImageOps.Luma(rgb, fw, fh), frames++);
        }
        Assert.True(frames > 100, $"{frames} frames");
        fast.AssertSameResult();
    }

    [Theory]
    [InlineData(160, 90)]
    [InlineData(37, 23)]   // odd sizes: vector blocks and a scalar tail, odd pyramid levels
    [InlineData(8, 8)]     // a single pyramid level
    [InlineData(61, 17)]
    public void Motion_of_shifted_noise_and_ramps_is_exactly_that_of_the_reference(int width, int height)
    {
        var random = new Random(width * 100 + height);
        var pair = new Pair(width, height);
        var smooth = new float[(width + 40) * (height + 40)];
        for (var i = 0; i < smooth.Length; i++) smooth[i] = (float)(128 + 60 * Math.Sin(i * 0.37) + random.Next(-30, 30));
        for (var k = 0; k < 16; k++)
        {
            // A textured scene panned a pixel or two per frame, with a moving patch and a flat frame in between.
            var pixels = new float[width * height];
            for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
                pixels[y * width + x] = k == 9 ? 77f : smooth[(y + k / 2) * (width + 40) + x + k * 2];
            for (var y = 0; y < height / 3; y++)
            for (var x = 0; x < width / 3; x++)
                pixels[y * width + x + Math.Min(k, width - width / 3)] = 255f - x * 3;
            var frame = new GreyFrame(pixels, width, height);
            pair.Add(frame, frame, k);
        }
        pair.AssertSameResult();
    }

    [Fact]
    public void The_similarity_fit_is_exactly_the_reference_on_noisy_points_with_outliers_and_ties()
    {
        var random = new Random(7);
        for (var t = 0; t < 200; t++)
        {
            var n = 12 + random.Next(t % 5 == 0 ? 10 : 3000);
            var points = new List<(float X, float Y, float U, float V)>();
            for (var i = 0; i < n; i++)
            {
                float x = (float)random.NextDouble() - 0.5f, y = (float)(random.NextDouble() - 0.5) * 0.56f;
                var outlier = random.NextDouble() < 0.2;
                var u = 1.5f + 0.1f * x - 0.05f * y + (outlier ? (float)random.NextDouble() * 8 : (float)random.NextDouble() * 0.1f);
                var v = -0.7f + 0.05f * x + 0.1f * y + (outlier ? -(float)random.NextDouble() * 8 : (float)random.NextDouble() * 0.1f);
                if (t % 7 == 0) (u, v) = (MathF.Round(u), MathF.Round(v));   // many equal residuals
                points.Add((x, y, u, v));
            }
            Assert.Equal(ReferenceMotionAccumulator.FitSimilarity(points), ShotMotionAccumulator.FitSimilarity(points));
        }
        var line = Enumerable.Range(0, 20).Select(i => (0.1f, 0.1f, 1f, 1f)).ToList();   // one point repeated: no fit
        Assert.Null(ReferenceMotionAccumulator.FitSimilarity(line));
        Assert.Null(ShotMotionAccumulator.FitSimilarity(line));
    }

    [Theory]
    [InlineData(641, 359, 160, 90)]
    [InlineData(37, 23, 16, 9)]
    [InlineData(7, 5, 16, 16)]     // more cells than pixels: empty cells
    [InlineData(1000, 3, 100, 2)]
    [InlineData(99, 301, 1, 1)]    // one cell of the whole frame, still exact in integers
    public void Area_luma_and_shrink_of_odd_sizes_equal_the_raster_order_sums(int sourceWidth, int sourceHeight, int width, int height)
    {
        foreach (var frame in TestFrames.Synthetic(sourceWidth, sourceHeight, seed: sourceWidth + sourceHeight))
        {
            Assert.Equal(ReferenceImageOps.Luma(frame, width, height).Pixels, ImageOps.Luma(frame, width, height).Pixels);
            var means = ReferenceImageOps.Means(frame, width, height);
            Assert.Equal(means.Select(m => (byte)Math.Clamp(m + 0.5f, 0, 255)).ToArray(), ImageOps.Shrink(frame, width, height).Pixels);
        }
    }

    /// <summary>Both flows and accumulators fed the same frames; each pair's flow and texture compared to the bit.</summary>
    private sealed class Pair(int width, int height)
    {
        private readonly PyramidalLucasKanade _fastFlow = new(width, height);
        private readonly ReferenceLucasKanade _referenceFlow = new(width, height);
        private readonly float[] _u = new float[width * height], _v = new float[width * height];
        private readonly float[] _ru = new float[width * height], _rv = new float[width * height];
        private ShotMotionAccumulator? _fast;
        private ReferenceMotionAccumulator? _reference;
        private GreyFrame? _previous;

        public void Add(GreyFrame fast, GreyFrame reference, int index)
        {
            Assert.True(fast.Pixels.AsSpan().SequenceEqual(reference.Pixels), $"luma of frame {index}");
            if (_previous is not null)
            {
                _fastFlow.Compute(_previous, fast, _u, _v);
                _referenceFlow.Compute(_previous, reference, _ru, _rv);
                Assert.True(_u.AsSpan().SequenceEqual(_ru) && _v.AsSpan().SequenceEqual(_rv), $"flow into frame {index}");
                Assert.True(_fastFlow.Texture.SequenceEqual(_referenceFlow.Texture), $"texture into frame {index}");
            }
            _previous = fast;
            // Separate flow instances for the accumulators, as the analyzer gives each thread its own.
            _fast ??= new ShotMotionAccumulator(new PyramidalLucasKanade(width, height), 24);
            _reference ??= new ReferenceMotionAccumulator(new ReferenceLucasKanade(width, height), 24);
            _fast.Add(fast);
            _reference.Add(reference);
        }

        public void AssertSameResult()
        {
            var (a, b) = (_fast!.Result(), _reference!.Result());
            Assert.Equal(b.Grid, a.Grid);
            Assert.Equal(b.Camera, a.Camera);
            Assert.Equal(b.MeanSpeed, a.MeanSpeed);
            Assert.Equal(b.FramePairs, a.FramePairs);
            Assert.Equal(b.MotionVector(), a.MotionVector());
            Assert.Equal(b.CameraVector(), a.CameraVector());
        }
    }
}
