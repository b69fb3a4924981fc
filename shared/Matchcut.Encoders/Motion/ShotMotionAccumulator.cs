using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Matchcut.Encoders.Imaging;

namespace Matchcut.Encoders.Motion;

/// <summary>
/// Feeds a shot's consecutive low-resolution grey frames through dense flow and accumulates the motion grid and the
/// camera model. Camera motion per frame pair is a similarity model u = tx + a x - b y, v = ty + b x + a y (x, y from
/// the frame centre, in frame widths) fitted by least squares over well-textured pixels, refitted twice without the
/// pixels whose residual exceeds 2.5 times the median (moving objects); the shot's camera motion is the mean over pairs.
/// </summary>
public sealed class ShotMotionAccumulator(PyramidalLucasKanade flow, double fps)
{
    /// <summary>Per-pixel minimum structure eigenvalue (grey levels squared) below which a pixel's flow is not trusted.</summary>
    public const float MinTexture = 4f;

    private readonly int _w = flow.Width, _h = flow.Height;
    private readonly float[] _u = new float[flow.Width * flow.Height];
    private readonly float[] _v = new float[flow.Width * flow.Height];
    private readonly double[] _cellU = new double[ShotMotion.GridSize * ShotMotion.GridSize];
    private readonly double[] _cellV = new double[ShotMotion.GridSize * ShotMotion.GridSize];
    private readonly long[] _cellN = new long[ShotMotion.GridSize * ShotMotion.GridSize];
    private double _tx, _ty, _a, _b, _speed;
    private int _pairs, _fitted;
    private GreyFrame? _previous;
    // The sampled points of the current pair, and the fit's scratch (reused: one accumulator serves one thread).
    private readonly List<(float X, float Y, float U, float V)> _points = [];
    private readonly SimilarityFit _fit = new();

    /// <summary>The next frame added does not follow the last one (a gap between two sampled runs): no flow across it.</summary>
    public void Break() => _previous = null;

    public void Add(GreyFrame frame)
    {
        if (_previous is not null)
        {
            flow.Compute(_previous, frame, _u, _v);
            Accumulate();
        }
        _previous = frame;
    }

    public ShotMotion Result()
    {
        var scale = fps / _w;   // pixels per frame -> frame widths per second
        var grid = new float[_cellU.Length * 2];
        for (var c = 0; c < _cellU.Length; c++)
        {
            if (_cellN[c] == 0) continue;
            grid[2 * c] = (float)(_cellU[c] / _cellN[c] * scale);
            grid[2 * c + 1] = (float)(_cellV[c] / _cellN[c] * scale);
        }
        var camera = _fitted == 0 ? CameraMotion.Still : new CameraMotion(
            Math.Round(-_tx / _fitted * scale, 5), Math.Round(-_ty / _fitted * scale, 5),
            Math.Round(_a / _fitted * scale, 5), Math.Round(_b / _fitted * scale, 5));
        return new ShotMotion(grid, camera, _pairs == 0 ? 0 : Math.Round(_speed / _pairs * scale, 5), _pairs);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Accumulate()
    {
        _pairs++;
        var texture = flow.Texture;
        var g = ShotMotion.GridSize;
        double speed = 0;
        long count = 0;
        var xs = _points;
        xs.Clear();
        for (var y = 0; y < _h; y++)
        {
            var gy = y * g / _h;
            for (var x = 0; x < _w; x++)
            {
                var i = y * _w + x;
                if (texture[i] < MinTexture) continue;
                var c = gy * g + x * g / _w;
                _cellU[c] += _u[i];
                _cellV[c] += _v[i];
                _cellN[c]++;
                speed += Math.Sqrt(_u[i] * _u[i] + _v[i] * _v[i]);
                count++;
                if ((x & 1) == 0 && (y & 1) == 0) xs.Add(((x - _w / 2f) / _w, (y - _h / 2f) / _w, _u[i], _v[i]));
            }
        }
        if (count > 0) _speed += speed / count;
        if (xs.Count >= 12 && _fit.Fit(CollectionsMarshal.AsSpan(xs)) is { } p)
        {
            _tx += p.Tx;
            _ty += p.Ty;
            _a += p.A;
            _b += p.B;
            _fitted++;
        }
    }

    /// <summary>Least squares of the similarity model, twice refitted on the points within 2.5 median residuals.</summary>
    public static (double Tx, double Ty, double A, double B)? FitSimilarity(IReadOnlyList<(float X, float Y, float U, float V)> points) =>
        new SimilarityFit().Fit(points.ToArray());
}

/// <summary>The k-th smallest of a few thousand values, as a sort would place it, without sorting them all.</summary>
internal static class Selection
{
    /// <summary>What <c>Array.Sort(values)</c> would leave at index <paramref name="k"/>; reorders <paramref name="values"/>.</summary>
    /// <remarks>
    /// Quickselect (Hoare partition around the median of three); the value at a rank is the same whatever algorithm finds
    /// it, as long as no NaN is present (a sort puts NaN first): then, and after too many rounds, it sorts instead.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Nth(Span<double> values, int k)
    {
        foreach (var v in values)
            if (double.IsNaN(v)) return SortedAt(values, k);
        int lo = 0, hi = values.Length - 1;
        for (var rounds = 0; lo < hi; rounds++)
        {
            if (rounds > 64) return SortedAt(values[lo..(hi + 1)], k - lo);
            var mid = lo + (hi - lo) / 2;
            if (values[mid] < values[lo]) (values[mid], values[lo]) = (values[lo], values[mid]);
            if (values[hi] < values[lo]) (values[hi], values[lo]) = (values[lo], values[hi]);
            if (values[hi] < values[mid]) (values[hi], values[mid]) = (values[mid], values[hi]);
            var pivot = values[mid];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (values[i] < pivot) i++;
                while (values[j] > pivot) j--;
                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }
            // Now values[lo..j] <= pivot <= values[i..hi], and everything between j and i equals the pivot.
            if (k <= j) hi = j;
            else if (k >= i) lo = i;
            else return values[k];
        }
        return values[k];
    }

    private static double SortedAt(Span<double> values, int k)
    {
        values.Sort();
        return values[k];
    }
}

/// <summary>
/// <see cref="ShotMotionAccumulator.FitSimilarity"/> with its buffers kept between calls. Every sum runs over the same
/// points in the same order as the plain definition (normal equations accumulated point by point, residuals in point
/// order, the median as the middle order statistic), so the fit is the same to the last bit.
/// </summary>
internal sealed class SimilarityFit
{
    private double[] _residuals = [], _sorted = [];
    private int[] _inliers = [], _next = [];

    public (double Tx, double Ty, double A, double B)? Fit(ReadOnlySpan<(float X, float Y, float U, float V)> points)
    {
        var n = points.Length;
        if (_residuals.Length < n)
        {
            _residuals = new double[n];
            _sorted = new double[n];
            _inliers = new int[n];
            _next = new int[n];
        }
        var inliers = -1;   // -1: every point
        (double Tx, double Ty, double A, double B)? fit = null;
        for (var round = 0; round < 3; round++)
        {
            fit = inliers < 0 ? Solve(points) : Solve(points, _inliers.AsSpan(0, inliers));
            if (fit is not { } f) return null;
            var residuals = _residuals.AsSpan(0, n);
            for (var i = 0; i < n; i++) residuals[i] = Residual(points[i], f);
            var sorted = _sorted.AsSpan(0, n);
            residuals.CopyTo(sorted);
            var limit = Math.Max(2.5 * Selection.Nth(sorted, n / 2), 0.05);
            var count = 0;
            for (var i = 0; i < n; i++)
                if (residuals[i] <= limit) _next[count++] = i;
            if (count < 12) break;
            (_inliers, _next) = (_next, _inliers);
            inliers = count;
        }
        return fit;
    }

    private static double Residual((float X, float Y, float U, float V) p, (double Tx, double Ty, double A, double B) f)
    {
        var du = p.U - (f.Tx + f.A * p.X - f.B * p.Y);
        var dv = p.V - (f.Ty + f.B * p.X + f.A * p.Y);
        return Math.Sqrt(du * du + dv * dv);
    }

    /// <summary>Normal equations of the rows u = tx + a x - b y, v = ty + b x + a y over every point, solved.</summary>
    private static (double, double, double, double)? Solve(ReadOnlySpan<(float X, float Y, float U, float V)> points)
    {
        var m = new Normal();
        foreach (var p in points) m.Add(p);
        return m.Solve();
    }

    /// <summary>The same over the points listed in <paramref name="only"/> (in that order).</summary>
    private static (double, double, double, double)? Solve(ReadOnlySpan<(float X, float Y, float U, float V)> points, ReadOnlySpan<int> only)
    {
        var m = new Normal();
        foreach (var i in only) m.Add(points[i]);
        return m.Solve();
    }

    /// <summary>The 4x5 augmented normal matrix, element by element the sums m[i, j] += row[i] * row[j] of the two rows per point.</summary>
    private struct Normal
    {
        private double _00, _01, _02, _03, _04, _10, _11, _12, _13, _14, _20, _21, _22, _23, _24, _30, _31, _32, _33, _34;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Add((float X, float Y, float U, float V) p)
        {
            // Unknowns (tx, ty, a, b); the u row is (1, 0, x, -y), the v row (0, 1, y, x).
            Row(1, 0, p.X, -p.Y, p.U);
            Row(0, 1, p.Y, p.X, p.V);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void Row(double r0, double r1, double r2, double r3, double t)
        {
            _00 += r0 * r0; _01 += r0 * r1; _02 += r0 * r2; _03 += r0 * r3; _04 += r0 * t;
            _10 += r1 * r0; _11 += r1 * r1; _12 += r1 * r2; _13 += r1 * r3; _14 += r1 * t;
            _20 += r2 * r0; _21 += r2 * r1; _22 += r2 * r2; _23 += r2 * r3; _24 += r2 * t;
            _30 += r3 * r0; _31 += r3 * r1; _32 += r3 * r2; _33 += r3 * r3; _34 += r3 * t;
        }

        public readonly (double, double, double, double)? Solve() => GaussSolve(new double[,]
        {
            { _00, _01, _02, _03, _04 }, { _10, _11, _12, _13, _14 }, { _20, _21, _22, _23, _24 }, { _30, _31, _32, _33, _34 },
        }) is { } s ? (s[0], s[1], s[2], s[3]) : null;
    }

    private static double[]? GaussSolve(double[,] m)
    {
        const int n = 4;
        for (var col = 0; col < n; col++)
        {
            var pivot = col;
            for (var r = col + 1; r < n; r++) if (Math.Abs(m[r, col]) > Math.Abs(m[pivot, col])) pivot = r;
            if (Math.Abs(m[pivot, col]) < 1e-9) return null;
            for (var c = 0; c <= n; c++) (m[col, c], m[pivot, c]) = (m[pivot, c], m[col, c]);
            for (var r = 0; r < n; r++)
            {
                if (r == col) continue;
                var f = m[r, col] / m[col, col];
                for (var c = col; c <= n; c++) m[r, c] -= f * m[col, c];
            }
        }
        return [m[0, n] / m[0, 0], m[1, n] / m[1, 1], m[2, n] / m[2, 2], m[3, n] / m[3, 3]];
    }
}
