// The flow as it stood before its vector lanes and unchecked warp: the plain definition MotionFastPathTests holds the fast one to.
using System.Runtime.CompilerServices;
using System.Numerics.Tensors;
using Matchcut.Encoders.Imaging;
using Matchcut.Encoders.Motion;

namespace Matchcut.Encoders.Tests.Reference;

/// <summary>
/// Dense optical flow by pyramidal Lucas-Kanade: at every pixel, the 2x2 structure tensor and the mismatch vector are
/// summed over a square window (separable box filters), and the flow is refined from the coarsest pyramid level down,
/// re-warping the second frame a few times per level. Whole-plane arithmetic runs through TensorPrimitives (SIMD);
/// only warping and the box filter's running sums are scalar. Buffers are reused, so one instance serves one thread.
/// </summary>
public sealed class ReferenceLucasKanade
{
    private readonly Level[] _levels;
    private readonly int _radius;
    private readonly int _iterations;

    public ReferenceLucasKanade(int width, int height, int levels = 3, int radius = 3, int iterations = 3)
    {
        _radius = radius;
        _iterations = iterations;
        var list = new List<Level>();
        for (int w = width, h = height, l = 0; l < levels && w >= 8 && h >= 8; l++, w /= 2, h /= 2) list.Add(new Level(w, h));
        _levels = list.ToArray();
    }

    public int Width => _levels[0].Width;
    public int Height => _levels[0].Height;

    /// <summary>Minimum eigenvalue of the window's structure tensor per pixel (per window pixel), at full resolution:
    /// how well the flow there is determined. Valid after <see cref="Compute"/>.</summary>
    public ReadOnlySpan<float> Texture => _levels[0].MinEigen;

    /// <summary>Flow from <paramref name="previous"/> to <paramref name="next"/> in pixels, into <paramref name="u"/> (x) and <paramref name="v"/> (y).</summary>
    public void Compute(GreyFrame previous, GreyFrame next, Span<float> u, Span<float> v)
    {
        if (previous.Width != Width || previous.Height != Height || next.Width != Width || next.Height != Height)
            throw new ArgumentException($"Frames must be {Width}x{Height}.");
        previous.Pixels.CopyTo(_levels[0].I0, 0);
        next.Pixels.CopyTo(_levels[0].I1, 0);
        for (var l = 1; l < _levels.Length; l++)
        {
            Downsample(_levels[l - 1].I0, _levels[l - 1].Width, _levels[l - 1].Height, _levels[l].I0, _levels[l].Width, _levels[l].Height);
            Downsample(_levels[l - 1].I1, _levels[l - 1].Width, _levels[l - 1].Height, _levels[l].I1, _levels[l].Width, _levels[l].Height);
        }
        for (var l = _levels.Length - 1; l >= 0; l--)
        {
            var level = _levels[l];
            if (l == _levels.Length - 1)
            {
                Array.Clear(level.U);
                Array.Clear(level.V);
            }
            else
            {
                Upsample(_levels[l + 1], level);
            }
            Refine(level);
        }
        _levels[0].U.AsSpan().CopyTo(u);
        _levels[0].V.AsSpan().CopyTo(v);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Refine(Level s)
    {
        var n = s.Width * s.Height;
        Gradients(s.I0, s.Width, s.Height, s.Ix, s.Iy);
        TensorPrimitives.Multiply(s.Ix, s.Ix, s.Sxx);
        TensorPrimitives.Multiply(s.Ix, s.Iy, s.Sxy);
        TensorPrimitives.Multiply(s.Iy, s.Iy, s.Syy);
        BoxSum(s.Sxx, s);
        BoxSum(s.Sxy, s);
        BoxSum(s.Syy, s);
        // det and the minimum eigenvalue do not change while iterating at this level.
        TensorPrimitives.Multiply(s.Sxx, s.Syy, s.Det);
        TensorPrimitives.Negate(s.Sxy, s.T1);
        TensorPrimitives.MultiplyAdd(s.Sxy, s.T1, s.Det, s.Det);
        MinEigen(s);
        for (var it = 0; it < _iterations; it++)
        {
            Warp(s);
            TensorPrimitives.Subtract(s.Warped, s.I0, s.It);
            TensorPrimitives.Multiply(s.Ix, s.It, s.Sxt);
            TensorPrimitives.Multiply(s.Iy, s.It, s.Syt);
            BoxSum(s.Sxt, s);
            BoxSum(s.Syt, s);
            // du = (Sxy*Syt - Syy*Sxt) / det, dv = (Sxy*Sxt - Sxx*Syt) / det
            TensorPrimitives.Multiply(s.Sxy, s.Syt, s.T1);
            TensorPrimitives.Multiply(s.Syy, s.Sxt, s.T2);
            TensorPrimitives.Subtract(s.T1, s.T2, s.T1);
            TensorPrimitives.Multiply(s.Sxy, s.Sxt, s.T2);
            TensorPrimitives.Multiply(s.Sxx, s.Syt, s.T3);
            TensorPrimitives.Subtract(s.T2, s.T3, s.T2);
            var window = (2 * _radius + 1) * (2 * _radius + 1);
            var minDet = 1e-2f * window * window;
            for (var i = 0; i < n; i++)
            {
                if (s.Det[i] <= minDet) continue;
                s.U[i] += Math.Clamp(s.T1[i] / s.Det[i], -2f, 2f);
                s.V[i] += Math.Clamp(s.T2[i] / s.Det[i], -2f, 2f);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void MinEigen(Level s)
    {
        var window = (float)((2 * _radius + 1) * (2 * _radius + 1));
        for (var i = 0; i < s.MinEigen.Length; i++)
        {
            float a = s.Sxx[i], b = s.Sxy[i], c = s.Syy[i];
            var half = (a - c) / 2;
            s.MinEigen[i] = ((a + c) / 2 - MathF.Sqrt(half * half + b * b)) / window;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Gradients(float[] image, int width, int height, float[] ix, float[] iy)
    {
        for (var y = 0; y < height; y++)
        {
            var row = image.AsSpan(y * width, width);
            var gx = ix.AsSpan(y * width, width);
            TensorPrimitives.Subtract(row[2..], row[..^2], gx[1..^1]);
            TensorPrimitives.Multiply(gx[1..^1], 0.5f, gx[1..^1]);
            gx[0] = row[1] - row[0];
            gx[^1] = row[^1] - row[^2];
            var up = image.AsSpan(Math.Max(0, y - 1) * width, width);
            var down = image.AsSpan(Math.Min(height - 1, y + 1) * width, width);
            var gy = iy.AsSpan(y * width, width);
            TensorPrimitives.Subtract(down, up, gy);
            if (y > 0 && y < height - 1) TensorPrimitives.Multiply(gy, 0.5f, gy);
        }
    }

    /// <summary>In-place sum over the (2r+1)^2 window, borders clamped: running sums along rows, then row-vector adds down columns.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void BoxSum(float[] plane, Level s)
    {
        int w = s.Width, h = s.Height, r = _radius;
        var rows = s.Box;
        for (var y = 0; y < h; y++)
        {
            var src = plane.AsSpan(y * w, w);
            var dst = rows.AsSpan(y * w, w);
            var sum = 0f;
            for (var k = -r; k <= r; k++) sum += src[Math.Clamp(k, 0, w - 1)];
            for (var x = 0; x < w; x++)
            {
                dst[x] = sum;
                sum += src[Math.Min(w - 1, x + r + 1)] - src[Math.Max(0, x - r)];
            }
        }
        var acc = s.Acc.AsSpan(0, w);
        acc.Clear();
        for (var k = -r; k <= r; k++) TensorPrimitives.Add(acc, rows.AsSpan(Math.Clamp(k, 0, h - 1) * w, w), acc);
        for (var y = 0; y < h; y++)
        {
            acc.CopyTo(plane.AsSpan(y * w, w));
            TensorPrimitives.Add(acc, rows.AsSpan(Math.Min(h - 1, y + r + 1) * w, w), acc);
            TensorPrimitives.Subtract(acc, rows.AsSpan(Math.Max(0, y - r) * w, w), acc);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Warp(Level s)
    {
        int w = s.Width, h = s.Height;
        for (var y = 0; y < h; y++)
        for (var x = 0; x < w; x++)
        {
            var i = y * w + x;
            s.Warped[i] = Sample(s.I1, w, h, x + s.U[i], y + s.V[i]);
        }
    }

    private static float Sample(float[] image, int w, int h, float fx, float fy)
    {
        fx = Math.Clamp(fx, 0, w - 1.001f);
        fy = Math.Clamp(fy, 0, h - 1.001f);
        int x0 = (int)fx, y0 = (int)fy;
        float ax = fx - x0, ay = fy - y0;
        var i = y0 * w + x0;
        var top = image[i] + (image[i + 1] - image[i]) * ax;
        var bottom = image[i + w] + (image[i + w + 1] - image[i + w]) * ax;
        return top + (bottom - top) * ay;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Downsample(float[] src, int sw, int sh, float[] dst, int dw, int dh)
    {
        for (var y = 0; y < dh; y++)
        for (var x = 0; x < dw; x++)
        {
            int x0 = Math.Min(2 * x, sw - 1), x1 = Math.Min(2 * x + 1, sw - 1), y0 = Math.Min(2 * y, sh - 1), y1 = Math.Min(2 * y + 1, sh - 1);
            dst[y * dw + x] = 0.25f * (src[y0 * sw + x0] + src[y0 * sw + x1] + src[y1 * sw + x0] + src[y1 * sw + x1]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Upsample(Level coarse, Level fine)
    {
        for (var y = 0; y < fine.Height; y++)
        for (var x = 0; x < fine.Width; x++)
        {
            var c = Math.Min(y / 2, coarse.Height - 1) * coarse.Width + Math.Min(x / 2, coarse.Width - 1);
            fine.U[y * fine.Width + x] = 2 * coarse.U[c];
            fine.V[y * fine.Width + x] = 2 * coarse.V[c];
        }
    }

    private sealed class Level(int width, int height)
    {
        public int Width { get; } = width;
        public int Height { get; } = height;
        public float[] I0 { get; } = new float[width * height];
        public float[] I1 { get; } = new float[width * height];
        public float[] Ix { get; } = new float[width * height];
        public float[] Iy { get; } = new float[width * height];
        public float[] Sxx { get; } = new float[width * height];
        public float[] Sxy { get; } = new float[width * height];
        public float[] Syy { get; } = new float[width * height];
        public float[] Sxt { get; } = new float[width * height];
        public float[] Syt { get; } = new float[width * height];
        public float[] Det { get; } = new float[width * height];
        public float[] MinEigen { get; } = new float[width * height];
        public float[] It { get; } = new float[width * height];
        public float[] Warped { get; } = new float[width * height];
        public float[] T1 { get; } = new float[width * height];
        public float[] T2 { get; } = new float[width * height];
        public float[] T3 { get; } = new float[width * height];
        public float[] U { get; } = new float[width * height];
        public float[] V { get; } = new float[width * height];
        public float[] Box { get; } = new float[width * height];
        public float[] Acc { get; } = new float[width];
    }
}
