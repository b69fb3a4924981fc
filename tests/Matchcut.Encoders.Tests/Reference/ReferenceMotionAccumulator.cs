// The accumulator as it stood before its reused buffers and selection median: the plain definition MotionFastPathTests holds the fast one to.
using System.Runtime.CompilerServices;
using Matchcut.Encoders.Imaging;
using Matchcut.Encoders.Motion;

namespace Matchcut.Encoders.Tests.Reference;

/// <summary>
/// Feeds a shot's consecutive low-resolution grey frames through dense flow and accumulates the motion grid and the
/// camera model. Camera motion per frame pair is a similarity model u = tx + a x - b y, v = ty + b x + a y (x, y from
/// the frame centre, in frame widths) fitted by least squares over well-textured pixels, refitted twice without the
/// pixels whose residual exceeds 2.5 times the median (moving objects); the shot's camera motion is the mean over pairs.
/// </summary>
public sealed class ReferenceMotionAccumulator(ReferenceLucasKanade flow, double fps)
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
        var xs = new List<(float X, float Y, float U, float V)>();
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
        if (xs.Count >= 12 && FitSimilarity(xs) is { } p)
        {
            _tx += p.Tx;
            _ty += p.Ty;
            _a += p.A;
            _b += p.B;
            _fitted++;
        }
    }

    /// <summary>Least squares of the similarity model, twice refitted on the points within 2.5 median residuals.</summary>
    public static (double Tx, double Ty, double A, double B)? FitSimilarity(IReadOnlyList<(float X, float Y, float U, float V)> points)
    {
        var inliers = points;
        (double Tx, double Ty, double A, double B)? fit = null;
        for (var round = 0; round < 3; round++)
        {
            fit = Solve(inliers);
            if (fit is not { } f) return null;
            var residuals = points.Select(p => Residual(p, f)).ToArray();
            var sorted = (double[])residuals.Clone();
            Array.Sort(sorted);
            var limit = Math.Max(2.5 * sorted[sorted.Length / 2], 0.05);
            var next = points.Where((_, i) => residuals[i] <= limit).ToList();
            if (next.Count < 12) break;
            inliers = next;
        }
        return fit;
    }

    private static double Residual((float X, float Y, float U, float V) p, (double Tx, double Ty, double A, double B) f)
    {
        var du = p.U - (f.Tx + f.A * p.X - f.B * p.Y);
        var dv = p.V - (f.Ty + f.B * p.X + f.A * p.Y);
        return Math.Sqrt(du * du + dv * dv);
    }

    private static (double, double, double, double)? Solve(IReadOnlyList<(float X, float Y, float U, float V)> points)
    {
        // Unknowns (tx, ty, a, b); rows: u = tx + a x - b y, v = ty + b x + a y.
        var m = new double[4, 5];
        Span<double> row = stackalloc double[4];
        foreach (var (x, y, u, v) in points)
        {
            row[0] = 1; row[1] = 0; row[2] = x; row[3] = -y;
            Add(m, row, u);
            row[0] = 0; row[1] = 1; row[2] = y; row[3] = x;
            Add(m, row, v);
        }
        return GaussSolve(m) is { } s ? (s[0], s[1], s[2], s[3]) : null;
    }

    private static void Add(double[,] m, ReadOnlySpan<double> row, double target)
    {
        for (var i = 0; i < 4; i++)
        {
            for (var j = 0; j < 4; j++) m[i, j] += row[i] * row[j];
            m[i, 4] += row[i] * target;
        }
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
        return Enumerable.Range(0, n).Select(i => m[i, n] / m[i, i]).ToArray();
    }
}
