using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Matchcut.Score;

/// <summary>
/// Dot products of a run of rows of A with a run of rows of B (a block of A x B^T), in cache-sized tiles on every core.
/// Every product is summed in the same order whichever tile computes it, so equal rows give bit-identical products.
/// </summary>
internal static class RowDots
{
    private const int TileRows = 4, TileCols = 4; // 16 vector accumulators per micro-tile
    private const int BlockCols = 64;             // rows of B per task, kept in cache across a depth block
    private static readonly int Width = Vector<float>.Count;
    private static readonly int DepthBlock = Math.Max(1, 256 / Width) * Width;
    private static readonly bool Fused = Fma.IsSupported || AdvSimd.IsSupported;

    /// <summary>Rows of A per call that keep <paramref name="columns"/> products per row to about a megabyte.</summary>
    public static int ChunkRows(int columns) => Math.Clamp((1 << 18) / Math.Max(1, columns), 1, 64) * TileRows;

    /// <summary>
    /// <c>products[r * colCount + c] = dot(A row rowStart + r, B row colStart + c)</c> for every r below rowCount and
    /// c below colCount; rows are <paramref name="dimension"/> floats, row-major.
    /// </summary>
    public static void Compute(ReadOnlyMemory<float> a, int rowStart, int rowCount, ReadOnlyMemory<float> b, int colStart, int colCount,
        int dimension, float[] products)
    {
        Array.Clear(products, 0, rowCount * colCount);
        var blocks = (colCount + BlockCols - 1) / BlockCols;
        if (blocks == 1 || (long)rowCount * colCount * dimension < 1 << 16)
            for (var block = 0; block < blocks; block++) ComputeBlock(a.Span, rowStart, rowCount, b.Span, colStart, colCount, dimension, products, block);
        else
            Parallel.For(0, blocks, block => ComputeBlock(a.Span, rowStart, rowCount, b.Span, colStart, colCount, dimension, products, block));
    }

    private static void ComputeBlock(ReadOnlySpan<float> a, int rowStart, int rowCount, ReadOnlySpan<float> b, int colStart, int colCount,
        int dimension, float[] products, int block)
    {
        var (c0, c1) = (block * BlockCols, Math.Min(colCount, (block + 1) * BlockCols));
        ref var a0 = ref MemoryMarshal.GetReference(a);
        ref var b0 = ref MemoryMarshal.GetReference(b);
        var vectorEnd = dimension - dimension % Width;
        for (var k0 = 0; k0 < vectorEnd; k0 += DepthBlock)
        {
            var k1 = Math.Min(vectorEnd, k0 + DepthBlock);
            var r = 0;
            for (; r + TileRows <= rowCount; r += TileRows)
            {
                var c = c0;
                for (; c + TileCols <= c1; c += TileCols)
                    Tile4x4(ref a0, (nuint)(rowStart + r) * (nuint)dimension, ref b0, (nuint)(colStart + c) * (nuint)dimension, (nuint)dimension,
                        k0, k1, products.AsSpan(r * colCount + c), colCount);
                for (; c < c1; c++)
                    for (var rr = r; rr < r + TileRows; rr++) Tile1x1(ref a0, rowStart + rr, ref b0, colStart + c, dimension, k0, k1, ref products[rr * colCount + c]);
            }
            for (; r < rowCount; r++)
                for (var c = c0; c < c1; c++) Tile1x1(ref a0, rowStart + r, ref b0, colStart + c, dimension, k0, k1, ref products[r * colCount + c]);
        }
        if (vectorEnd == dimension) return;
        for (var r = 0; r < rowCount; r++)
            for (var c = c0; c < c1; c++)
            {
                ref var sum = ref products[r * colCount + c];
                var (ai, bi) = ((rowStart + r) * (long)dimension, (colStart + c) * (long)dimension);
                for (var k = vectorEnd; k < dimension; k++) sum += a[(int)(ai + k)] * b[(int)(bi + k)];
            }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> MulAdd(Vector<float> x, Vector<float> y, Vector<float> acc) => Fused ? Vector.FusedMultiplyAdd(x, y, acc) : acc + x * y;

    /// <summary>Four rows of A against four rows of B over depth k0..k1; each sum added to its product.</summary>
    private static void Tile4x4(ref float a0, nuint aOffset, ref float b0, nuint bOffset, nuint stride, int k0, int k1, Span<float> products, int colCount)
    {
        Vector<float> s00 = default, s01 = default, s02 = default, s03 = default, s10 = default, s11 = default, s12 = default, s13 = default;
        Vector<float> s20 = default, s21 = default, s22 = default, s23 = default, s30 = default, s31 = default, s32 = default, s33 = default;
        for (var k = (nuint)k0; k < (nuint)k1; k += (nuint)Width)
        {
            var x0 = Vector.LoadUnsafe(ref a0, aOffset + k);
            var x1 = Vector.LoadUnsafe(ref a0, aOffset + stride + k);
            var x2 = Vector.LoadUnsafe(ref a0, aOffset + 2 * stride + k);
            var x3 = Vector.LoadUnsafe(ref a0, aOffset + 3 * stride + k);
            var y = Vector.LoadUnsafe(ref b0, bOffset + k);
            s00 = MulAdd(x0, y, s00); s10 = MulAdd(x1, y, s10); s20 = MulAdd(x2, y, s20); s30 = MulAdd(x3, y, s30);
            y = Vector.LoadUnsafe(ref b0, bOffset + stride + k);
            s01 = MulAdd(x0, y, s01); s11 = MulAdd(x1, y, s11); s21 = MulAdd(x2, y, s21); s31 = MulAdd(x3, y, s31);
            y = Vector.LoadUnsafe(ref b0, bOffset + 2 * stride + k);
            s02 = MulAdd(x0, y, s02); s12 = MulAdd(x1, y, s12); s22 = MulAdd(x2, y, s22); s32 = MulAdd(x3, y, s32);
            y = Vector.LoadUnsafe(ref b0, bOffset + 3 * stride + k);
            s03 = MulAdd(x0, y, s03); s13 = MulAdd(x1, y, s13); s23 = MulAdd(x2, y, s23); s33 = MulAdd(x3, y, s33);
        }
        products[0] += Vector.Sum(s00); products[1] += Vector.Sum(s01); products[2] += Vector.Sum(s02); products[3] += Vector.Sum(s03);
        var p = products[colCount..];
        p[0] += Vector.Sum(s10); p[1] += Vector.Sum(s11); p[2] += Vector.Sum(s12); p[3] += Vector.Sum(s13);
        p = p[colCount..];
        p[0] += Vector.Sum(s20); p[1] += Vector.Sum(s21); p[2] += Vector.Sum(s22); p[3] += Vector.Sum(s23);
        p = p[colCount..];
        p[0] += Vector.Sum(s30); p[1] += Vector.Sum(s31); p[2] += Vector.Sum(s32); p[3] += Vector.Sum(s33);
    }

    /// <summary>One row against one row over depth k0..k1, summed exactly as <see cref="Tile4x4"/> sums each of its sixteen.</summary>
    private static void Tile1x1(ref float a0, int row, ref float b0, int col, int dimension, int k0, int k1, ref float product)
    {
        var (aOffset, bOffset) = ((nuint)row * (nuint)dimension, (nuint)col * (nuint)dimension);
        Vector<float> s = default;
        for (var k = (nuint)k0; k < (nuint)k1; k += (nuint)Width)
            s = MulAdd(Vector.LoadUnsafe(ref a0, aOffset + k), Vector.LoadUnsafe(ref b0, bOffset + k), s);
        product += Vector.Sum(s);
    }
}
