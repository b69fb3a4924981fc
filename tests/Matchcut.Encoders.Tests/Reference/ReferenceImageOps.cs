// ImageOps as it stood before its column tables and band sums: the per-pixel definitions the fast code is held to.
using Matchcut.Encoders.Imaging;

namespace Matchcut.Encoders.Tests.Reference;

/// <summary>Bilinear resize, area means and area luma computed pixel by pixel, in single precision and raster order.</summary>
public static class ReferenceImageOps
{
    /// <summary>Bilinear resize (pixel centres aligned), every source position and weight worked out per pixel.</summary>
    public static RgbFrame Resize(RgbFrame source, int width, int height)
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

    /// <summary>Luma of the per-cell means (<see cref="Means"/>).</summary>
    public static GreyFrame Luma(RgbFrame source, int width, int height)
    {
        var means = Means(source, width, height);
        var luma = new float[width * height];
        for (var i = 0; i < luma.Length; i++) luma[i] = 0.299f * means[i * 3] + 0.587f * means[i * 3 + 1] + 0.114f * means[i * 3 + 2];
        return new GreyFrame(luma, width, height);
    }

    /// <summary>Each pixel added to its cell's float sums in raster order, then divided by the cell's pixel count.</summary>
    public static float[] Means(RgbFrame source, int width, int height)
    {
        var sums = new float[width * height * 3];
        var counts = new int[width * height];
        for (var y = 0; y < source.Height; y++)
        for (var x = 0; x < source.Width; x++)
        {
            var p = (y * source.Width + x) * 3;
            var cell = y * height / source.Height * width + x * width / source.Width;
            for (var c = 0; c < 3; c++) sums[cell * 3 + c] += source.Pixels[p + c];
            counts[cell]++;
        }
        for (var i = 0; i < sums.Length; i++) sums[i] /= Math.Max(1, counts[i / 3]);
        return sums;
    }
}
