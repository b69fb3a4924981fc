using Matchcut.Encoders.Imaging;

namespace Matchcut.Encoders.Tests;

/// <summary>
/// The bilinear resize feeding ResNet18, DeepLabV3 and YOLOX works out each column's source columns once per call; its
/// pictures must stay byte for byte those of the per-pixel definition below (the code as it stood before), or every
/// model vector would move.
/// </summary>
public class ResizeFastPathTests
{
    [Theory]
    [InlineData("testvideo.mp4", 640, 360, 224, 224)]        // ResNet18's input from a std frame
    [InlineData("bbb_0_30.webm", 640, 360, 257, 257)]        // DeepLabV3's
    [InlineData("issue-195-aspect-ratio.mp4", 640, 360, 416, 234)]  // YOLOX's letterbox
    [InlineData("issue-134-rotate.mp4", 202, 360, 224, 224)] // upscaling one way, downscaling the other
    public void Resized_real_frames_are_exactly_the_per_pixel_definition(string name, int width, int height, int toWidth, int toHeight)
    {
        foreach (var index in new[] { 0, 57, 131 })
        {
            var frame = TestFrames.Frame(name, index, width, height);
            Assert.Equal(Reference(frame, toWidth, toHeight).Pixels, ImageOps.Resize(frame, toWidth, toHeight).Pixels);
        }
    }

    [Theory]
    [InlineData(37, 23, 5, 3)]
    [InlineData(3, 2, 224, 224)]
    [InlineData(1, 1, 7, 9)]
    [InlineData(641, 359, 257, 257)]
    [InlineData(100, 100, 1, 1)]
    public void Resized_noise_and_ramps_of_odd_sizes_are_exactly_the_per_pixel_definition(int width, int height, int toWidth, int toHeight)
    {
        var random = new Random(width * 7 + height);
        var pixels = new byte[width * height * 3];
        for (var k = 0; k < 3; k++)
        {
            if (k == 0) random.NextBytes(pixels);
            else if (k == 1) Array.Fill(pixels, (byte)255);
            else for (var i = 0; i < pixels.Length; i++) pixels[i] = (byte)(i * 5 / 3);
            var frame = new RgbFrame(pixels, width, height);
            Assert.Equal(Reference(frame, toWidth, toHeight).Pixels, ImageOps.Resize(frame, toWidth, toHeight).Pixels);
        }
    }

    private static RgbFrame Reference(RgbFrame source, int width, int height)
    {
        if (source.Width == width && source.Height == height) return source;
        var dst = new byte[width * height * 3];
        var sx = (float)source.Width / width;
        var sy = (float)source.Height / height;
        var src = source.Pixels;
        var stride = source.Width * 3;
        for (var y = 0; y < height; y++)
        {
            var fy = Math.Clamp((y + 0.5f) * sy - 0.5f, 0, source.Height - 1);
            var y0 = (int)fy;
            var y1 = Math.Min(y0 + 1, source.Height - 1);
            var wy = fy - y0;
            for (var x = 0; x < width; x++)
            {
                var fx = Math.Clamp((x + 0.5f) * sx - 0.5f, 0, source.Width - 1);
                var x0 = (int)fx;
                var x1 = Math.Min(x0 + 1, source.Width - 1);
                var wx = fx - x0;
                int a = y0 * stride + x0 * 3, b = y0 * stride + x1 * 3, c = y1 * stride + x0 * 3, d = y1 * stride + x1 * 3;
                var o = (y * width + x) * 3;
                for (var ch = 0; ch < 3; ch++)
                {
                    var top = src[a + ch] + (src[b + ch] - src[a + ch]) * wx;
                    var bottom = src[c + ch] + (src[d + ch] - src[c + ch]) * wx;
                    dst[o + ch] = (byte)Math.Clamp(top + (bottom - top) * wy + 0.5f, 0, 255);
                }
            }
        }
        return new RgbFrame(dst, width, height);
    }
}
