using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Matchcut.Media;
namespace Matchcut.Encoders.Imaging;

/// <summary>Resizing and layout conversions that turn RGB24 frames into model input tensors.</summary>
public static class ImageOps
{
    /// <summary>Bilinear resize (pixel centres aligned, as OpenCV's INTER_LINEAR) of an RGB24 frame.</summary>
    /// <remarks>
    /// Each output column's source columns and weight are the same for every row, so they are worked out once per call
    /// (the same float expressions as per pixel); the per-channel blend is unchanged.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static RgbFrame Resize(RgbFrame source, int width, int height)
    {
        if (source.Width == width && source.Height == height) return source;
        var dst = new byte[width * height * 3];
        var sx = (float)source.Width / width;
        var sy = (float)source.Height / height;
        var src = source.Pixels;
        var stride = source.Width * 3;
        var left = new int[width];
        var right = new int[width];
        var weights = new float[width];
        for (var x = 0; x < width; x++)
        {
            var fx = Math.Clamp((x + 0.5f) * sx - 0.5f, 0, source.Width - 1);
            var x0 = (int)fx;
            left[x] = x0 * 3;
            right[x] = Math.Min(x0 + 1, source.Width - 1) * 3;
            weights[x] = fx - x0;
        }
        for (var y = 0; y < height; y++)
        {
            var fy = Math.Clamp((y + 0.5f) * sy - 0.5f, 0, source.Height - 1);
            var y0 = (int)fy;
            var y1 = Math.Min(y0 + 1, source.Height - 1);
            var wy = fy - y0;
            var upper = src.AsSpan(y0 * stride, stride);
            var lower = src.AsSpan(y1 * stride, stride);
            var row = dst.AsSpan(y * width * 3, width * 3);
            for (var x = 0; x < width; x++)
            {
                int a = left[x], b = right[x];
                var wx = weights[x];
                var o = x * 3;
                for (var ch = 0; ch < 3; ch++)
                {
                    var top = upper[a + ch] + (upper[b + ch] - upper[a + ch]) * wx;
                    var bottom = lower[a + ch] + (lower[b + ch] - lower[a + ch]) * wx;
                    row[o + ch] = (byte)Math.Clamp(top + (bottom - top) * wy + 0.5f, 0, 255);
                }
            }
        }
        return new RgbFrame(dst, width, height);
    }

    /// <summary>Area-averaged luma (BT.601) at <paramref name="width"/> x <paramref name="height"/>, values 0-255.</summary>
    public static GreyFrame Luma(RgbFrame source, int width, int height)
    {
        // Luma is linear in R, G and B, so the luma of each cell's mean colour is the mean of its pixels' luma.
        var luma = new float[width * height];
        if (!AreaMeansExact(source, width, height, luma, lumaOnly: true))
        {
            var means = AreaMeansFloat(source, width, height);
            for (var i = 0; i < luma.Length; i++) luma[i] = Bt601.Luma(means[i * 3], means[i * 3 + 1], means[i * 3 + 2]);
        }
        return new GreyFrame(luma, width, height);
    }

    /// <summary>Area-averaged downscale of an RGB24 frame (each output pixel the mean of the source pixels it covers).</summary>
    public static RgbFrame Shrink(RgbFrame source, int width, int height)
    {
        var means = new float[width * height * 3];
        if (!AreaMeansExact(source, width, height, means, lumaOnly: false)) means = AreaMeansFloat(source, width, height);
        var dst = new byte[means.Length];
        for (var i = 0; i < means.Length; i++) dst[i] = (byte)Math.Clamp(means[i] + 0.5f, 0, 255);
        return new RgbFrame(dst, width, height);
    }

    /// <summary>
    /// Mean R, G, B of the source pixels each cell of a <paramref name="width"/> x <paramref name="height"/> grid covers,
    /// into <paramref name="output"/> (or, with <paramref name="lumaOnly"/>, each cell's BT.601 luma of those means).
    /// False, writing nothing, when a cell is too large for exact integer sums.
    /// </summary>
    /// <remarks>
    /// Pixel x of a row belongs to cell column x * width / source width (row likewise), so each cell is a block of
    /// adjacent rows and columns. The rows of one cell row (a band) are first added column by column (vector lanes over
    /// the interleaved bytes), then each cell's columns. The sums are integers: while a cell's whole sum stays below
    /// 2^24 every partial sum of a single-precision accumulation is exact, so integer sums in any order give the same
    /// floats as summing pixel by pixel; larger cells keep the single-precision accumulation in raster order
    /// (<see cref="AreaMeansFloat"/>). Only a band's column sums are held, so no frame-sized buffer is allocated.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool AreaMeansExact(RgbFrame source, int width, int height, Span<float> output, bool lumaOnly)
    {
        int sw = source.Width, sh = source.Height;
        var maxCell = (long)((sw + width - 1) / width + 1) * ((sh + height - 1) / height + 1);
        if (maxCell * 255 >= 1 << 24) return false;
        // Column runs: cell column gx covers source columns starts[gx] .. starts[gx + 1] - 1.
        Span<int> starts = width + 1 <= 1024 ? stackalloc int[width + 1] : new int[width + 1];
        for (int x = 0, gx = 0; x <= sw; x++)
        {
            var cell = x == sw ? width : x * width / sw;
            while (gx <= cell && gx <= width) starts[gx++] = x;
        }
        var columns = new int[sw * 3];
        var src = source.Pixels;
        var y = 0;
        for (var gy = 0; gy < height; gy++)
        {
            // The band of rows y with y * height / sh == gy (empty when the grid has more rows than the source).
            var first = y;
            while (y < sh && y * height / sh == gy) y++;
            var rows = y - first;
            columns.AsSpan().Clear();
            for (var r = first; r < y; r++) AddBytes(src.AsSpan(r * sw * 3, sw * 3), columns);
            for (var gx = 0; gx < width; gx++)
            {
                int red = 0, green = 0, blue = 0;
                for (int p = starts[gx] * 3, end = starts[gx + 1] * 3; p < end; p += 3)
                {
                    red += columns[p];
                    green += columns[p + 1];
                    blue += columns[p + 2];
                }
                var count = Math.Max(1, rows * (starts[gx + 1] - starts[gx]));
                float mr = (float)red / count, mg = (float)green / count, mb = (float)blue / count;
                var c = gy * width + gx;
                if (lumaOnly)
                {
                    output[c] = Bt601.Luma(mr, mg, mb);
                }
                else
                {
                    output[c * 3] = mr;
                    output[c * 3 + 1] = mg;
                    output[c * 3 + 2] = mb;
                }
            }
        }
        return true;
    }

    /// <summary><paramref name="sums"/>[i] += <paramref name="bytes"/>[i], widened through vector lanes where the hardware has them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddBytes(ReadOnlySpan<byte> bytes, Span<int> sums)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var sumsAsUint = MemoryMarshal.Cast<int, uint>(sums);
            var lane = Vector<uint>.Count;
            for (; i <= bytes.Length - Vector<byte>.Count; i += Vector<byte>.Count)
            {
                Vector.Widen(new Vector<byte>(bytes[i..]), out var low, out var high);
                Vector.Widen(low, out var a, out var b);
                Vector.Widen(high, out var c, out var d);
                var s = sumsAsUint[i..];
                (new Vector<uint>(s) + a).CopyTo(s);
                (new Vector<uint>(s[lane..]) + b).CopyTo(s[lane..]);
                (new Vector<uint>(s[(2 * lane)..]) + c).CopyTo(s[(2 * lane)..]);
                (new Vector<uint>(s[(3 * lane)..]) + d).CopyTo(s[(3 * lane)..]);
            }
        }
        for (; i < bytes.Length; i++) sums[i] += bytes[i];
    }

    /// <summary><see cref="AreaMeansExact"/> summed in single precision in raster order (cells too large for exact integer sums).</summary>
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
