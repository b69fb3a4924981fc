using System.Runtime.CompilerServices;
namespace Matchcut.Encoders.Imaging;

/// <summary>Resizing and layout conversions that turn RGB24 frames into model input tensors.</summary>
public static class ImageOps
{
    /// <summary>Bilinear resize (pixel centres aligned, as OpenCV's INTER_LINEAR) of an RGB24 frame.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

    /// <summary>Area-averaged luma (BT.601) at <paramref name="width"/> x <paramref name="height"/>, values 0-255.</summary>
    public static GreyFrame Luma(RgbFrame source, int width, int height)
    {
        // Luma is linear in R, G and B, so the luma of each cell's mean colour is the mean of its pixels' luma.
        var means = AreaMeans(source, width, height);
        var luma = new float[width * height];
        for (var i = 0; i < luma.Length; i++) luma[i] = 0.299f * means[i * 3] + 0.587f * means[i * 3 + 1] + 0.114f * means[i * 3 + 2];
        return new GreyFrame(luma, width, height);
    }

    /// <summary>Area-averaged downscale of an RGB24 frame (each output pixel the mean of the source pixels it covers).</summary>
    public static RgbFrame Shrink(RgbFrame source, int width, int height)
    {
        var means = AreaMeans(source, width, height);
        var dst = new byte[means.Length];
        for (var i = 0; i < means.Length; i++) dst[i] = (byte)Math.Clamp(means[i] + 0.5f, 0, 255);
        return new RgbFrame(dst, width, height);
    }

    /// <summary>Mean R, G, B of the source pixels each cell of a <paramref name="width"/> x <paramref name="height"/> grid covers.</summary>
    /// <remarks>
    /// Pixel x of a row belongs to cell column x * width / source width (row likewise), so each cell column is a run of
    /// adjacent pixels, found once. The sums are integers: while a cell's whole sum stays below 2^24 every partial sum
    /// of the single-precision accumulation is exact, so summing in integers gives the same floats; larger cells keep
    /// the single-precision accumulation in raster order.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float[] AreaMeans(RgbFrame source, int width, int height)
    {
        int sw = source.Width, sh = source.Height;
        var maxCell = (long)((sw + width - 1) / width + 1) * ((sh + height - 1) / height + 1);
        if (maxCell * 255 >= 1 << 24) return AreaMeansFloat(source, width, height);
        // Column runs: cell column gx covers source columns starts[gx] .. starts[gx + 1] - 1.
        var starts = new int[width + 1];
        for (int x = 0, gx = 0; x <= sw; x++)
        {
            var cell = x == sw ? width : x * width / sw;
            while (gx <= cell && gx <= width) starts[gx++] = x;
        }
        var sums = new int[width * height * 3];
        var counts = new int[width * height];
        var src = source.Pixels;
        for (var y = 0; y < sh; y++)
        {
            var row = y * height / sh * width;
            var line = y * sw * 3;
            for (var gx = 0; gx < width; gx++)
            {
                int r = 0, g = 0, b = 0;
                for (int p = line + starts[gx] * 3, end = line + starts[gx + 1] * 3; p < end; p += 3)
                {
                    r += src[p];
                    g += src[p + 1];
                    b += src[p + 2];
                }
                var c = row + gx;
                sums[c * 3] += r;
                sums[c * 3 + 1] += g;
                sums[c * 3 + 2] += b;
                counts[c] += starts[gx + 1] - starts[gx];
            }
        }
        var means = new float[sums.Length];
        for (var i = 0; i < sums.Length; i++) means[i] = (float)sums[i] / Math.Max(1, counts[i / 3]);
        return means;
    }

    /// <summary><see cref="AreaMeans"/> summed in single precision in raster order (cells too large for exact integer sums).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float[] AreaMeansFloat(RgbFrame source, int width, int height)
    {
        var sums = new float[width * height * 3];
        var counts = new int[width * height];
        var src = source.Pixels;
        for (var y = 0; y < source.Height; y++)
        {
            var row = y * height / source.Height * width;
            for (var x = 0; x < source.Width; x++)
            {
                var p = (y * source.Width + x) * 3;
                var cell = row + x * width / source.Width;
                sums[cell * 3] += src[p];
                sums[cell * 3 + 1] += src[p + 1];
                sums[cell * 3 + 2] += src[p + 2];
                counts[cell]++;
            }
        }
        for (var i = 0; i < sums.Length; i++) sums[i] /= Math.Max(1, counts[i / 3]);
        return sums;
    }

    /// <summary>NHWC float, RGB, value / 127.5 - 1 (DeepLabV3's TF preprocessing).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ToNhwcSigned(RgbFrame frame, Span<float> tensor)
    {
        var px = frame.Pixels;
        for (var i = 0; i < frame.Width * frame.Height * 3; i++) tensor[i] = px[i] / 127.5f - 1f;
    }

    /// <summary>
    /// Letterbox into an NCHW BGR float tensor of <paramref name="tensorWidth"/> x <paramref name="tensorHeight"/>, values 0-255:
    /// the frame is scaled by r = min(tw / w, th / h), keeping its aspect, placed at the top-left corner, the rest filled with
    /// <paramref name="pad"/> (YOLOX: 114; OpenCV's FaceDetectorYN pads with 0). Returns r to map boxes back (divide by r).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float LetterboxNchwBgr(RgbFrame frame, int tensorWidth, int tensorHeight, float pad, Span<float> tensor)
    {
        var r = Math.Min((float)tensorWidth / frame.Width, (float)tensorHeight / frame.Height);
        var w = Math.Clamp((int)MathF.Round(frame.Width * r), 1, tensorWidth);
        var h = Math.Clamp((int)MathF.Round(frame.Height * r), 1, tensorHeight);
        var resized = Resize(frame, w, h);
        var plane = tensorWidth * tensorHeight;
        tensor[..(3 * plane)].Fill(pad);
        var px = resized.Pixels;
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var s = (y * w + x) * 3;
                var t = y * tensorWidth + x;
                tensor[t] = px[s + 2];             // B
                tensor[plane + t] = px[s + 1];     // G
                tensor[2 * plane + t] = px[s];     // R
            }
        }
        return r;
    }
}
