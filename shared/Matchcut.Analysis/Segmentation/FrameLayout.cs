using Matchcut.Media;

namespace Matchcut.Analysis.Segmentation;

/// <summary>
/// A single frame's layout on the segmenter's 16x9 colour grid, the format Dedup compares shots by: per cell, in row
/// order, the luma and two chroma steps to the right and down where those exist, each as its signed square root, the
/// whole L2-normalized. Steps describe where edges and colour boundaries sit; the root keeps the one hard edge of a
/// letterbox or pillarbox (which unrelated shots share) from outweighing the picture inside it, and coarse cells barely
/// change when the same picture is re-encoded or softened. <see cref="Encode"/> writes it, <see cref="From"/> reads it
/// back for comparisons at a shift.
/// </summary>
public sealed class FrameLayout
{
    public const int Columns = FeatureGrid.Columns, Rows = FeatureGrid.Rows;

    /// <summary>Length of a layout vector.</summary>
    public const int Length = 3 * ((Columns - 1) * Rows + Columns * (Rows - 1));

    // [row, column, channel]; a missing step (the last column across, the last row down) is zero and never counted.
    private readonly float[,,] _across = new float[Rows, Columns, 3];
    private readonly float[,,] _down = new float[Rows, Columns, 3];

    /// <summary>The layout vector of one frame's grid (RGB bytes per cell, row-major).</summary>
    public static float[] Encode(ReadOnlySpan<byte> grid)
    {
        var yuv = new double[FeatureGrid.Cells * 3];
        for (var c = 0; c < FeatureGrid.Cells; c++)
        {
            double r = grid[c * 3], g = grid[c * 3 + 1], b = grid[c * 3 + 2];
            yuv[c * 3] = Bt601.Luma(r, g, b);
            yuv[c * 3 + 1] = -0.169 * r - 0.331 * g + 0.5 * b;
            yuv[c * 3 + 2] = 0.5 * r - 0.419 * g - 0.081 * b;
        }
        var v = new float[Length];
        var n = 0;
        for (var y = 0; y < Rows; y++)
            for (var x = 0; x < Columns; x++)
            {
                var c = y * Columns + x;
                if (x + 1 < Columns) for (var k = 0; k < 3; k++) v[n++] = SignedRoot(yuv[(c + 1) * 3 + k] - yuv[c * 3 + k]);
                if (y + 1 < Rows) for (var k = 0; k < 3; k++) v[n++] = SignedRoot(yuv[(c + Columns) * 3 + k] - yuv[c * 3 + k]);
            }
        double sum = 0;
        foreach (var x in v) sum += x * x;
        if (sum > 0)
        {
            var inv = (float)(1 / Math.Sqrt(sum));
            for (var i = 0; i < v.Length; i++) v[i] *= inv;
        }
        return v;
    }

    /// <summary>A layout vector unpacked into its steps, in the order <see cref="Encode"/> wrote them.</summary>
    public static FrameLayout From(float[] v)
    {
        if (v.Length != Length) throw new ArgumentException($"A frame layout has {Length} values, not {v.Length}.", nameof(v));
        var g = new FrameLayout();
        var n = 0;
        for (var y = 0; y < Rows; y++)
            for (var x = 0; x < Columns; x++)
            {
                if (x + 1 < Columns) for (var k = 0; k < 3; k++) g._across[y, x, k] = v[n++];
                if (y + 1 < Rows) for (var k = 0; k < 3; k++) g._down[y, x, k] = v[n++];
            }
        return g;
    }

    /// <summary>Cosine of the steps of <paramref name="a"/> and those of <paramref name="b"/> moved by (dx, dy) cells, over the cells both cover; 0 for a flat frame.</summary>
    public static double Cosine(FrameLayout a, FrameLayout b, int dx, int dy)
    {
        double dot = 0, na = 0, nb = 0;
        for (var y = Math.Max(0, -dy); y < Rows && y + dy < Rows; y++)
            for (var x = Math.Max(0, -dx); x < Columns && x + dx < Columns; x++)
            {
                var acrossExists = x + 1 < Columns && x + dx + 1 < Columns;
                var downExists = y + 1 < Rows && y + dy + 1 < Rows;
                for (var k = 0; k < 3; k++)
                {
                    if (acrossExists)
                    {
                        double p = a._across[y, x, k], q = b._across[y + dy, x + dx, k];
                        dot += p * q; na += p * p; nb += q * q;
                    }
                    if (downExists)
                    {
                        double p = a._down[y, x, k], q = b._down[y + dy, x + dx, k];
                        dot += p * q; na += p * p; nb += q * q;
                    }
                }
            }
        return na > 0 && nb > 0 ? dot / Math.Sqrt(na * nb) : 0;
    }

    private static float SignedRoot(double d) => (float)(Math.Sign(d) * Math.Sqrt(Math.Abs(d)));
}
