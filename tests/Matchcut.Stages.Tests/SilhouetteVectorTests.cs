using Matchcut.Pipeline;

namespace Matchcut.Stages.Tests;

/// <summary>The silhouette flavour's coarse vector: the mask pooled onto 16x9, unit length, cosine ranking overlapping shapes first.</summary>
public sealed class SilhouetteVectorTests
{
    [Fact]
    public void A_32x18_mask_pools_each_2x2_block_into_its_covered_share_at_unit_length()
    {
        // Person: columns 4-9 of rows 2-12 (a standing figure left of centre) and one stray cell at (31, 17).
        var mask = Mask(32, 18, (x, y) => x is >= 4 and <= 9 && y is >= 2 and <= 12 || (x, y) == (31, 17));

        var v = SilhouetteVector.Of(mask);

        var expected = new float[SilhouetteVector.Dimension];
        for (var y = 0; y < 18; y++)
            for (var x = 0; x < 32; x++)
                if (Covered(mask, x, y)) expected[y / 2 * 16 + x / 2] += 0.25f;
        var norm = MathF.Sqrt(expected.Sum(e => e * e));
        Assert.Equal(144, v.Length);
        for (var c = 0; c < v.Length; c++) Assert.Equal(expected[c] / norm, v[c], 5);
        Assert.Equal(1f, MathF.Sqrt(v.Sum(e => e * e)), 5);
    }

    [Fact]
    public void Cosine_of_the_vectors_ranks_masks_by_overlap_and_an_empty_mask_is_all_zeros()
    {
        var figure = Mask(32, 18, (x, y) => x is >= 4 and <= 9 && y >= 2);
        var shifted = Mask(32, 18, (x, y) => x is >= 6 and <= 11 && y >= 2);
        var farther = Mask(32, 18, (x, y) => x is >= 9 and <= 14 && y >= 2);
        var elsewhere = Mask(32, 18, (x, y) => x is >= 22 and <= 27 && y >= 2);

        var q = SilhouetteVector.Of(figure);
        var scores = new[] { shifted, farther, elsewhere }.Select(m => Dot(q, SilhouetteVector.Of(m))).ToList();
        var ious = new[] { shifted, farther, elsewhere }.Select(m => figure.IoU(m)).ToList();

        Assert.Equal(scores.OrderByDescending(s => s), scores);
        Assert.Equal(ious.OrderByDescending(s => s), ious);
        Assert.Equal(0, scores[2], 6);
        Assert.All(SilhouetteVector.Of(Mask(32, 18, (_, _) => false)), c => Assert.Equal(0f, c));
    }

    [Fact]
    public void Masks_of_other_grids_are_pooled_onto_the_same_16x9_cells_but_have_no_IoU_with_a_32x18_one()
    {
        // The same left-half figure on the 2.35:1 grid (37x16) and the 16:9 grid (32x18).
        var wide = Mask(37, 16, (x, _) => x < 18);
        var normal = Mask(32, 18, (x, _) => x < 16);

        Assert.Equal(1f, Dot(SilhouetteVector.Of(wide), SilhouetteVector.Of(normal)), 2);
        Assert.Equal(0, normal.IoU(wide));
    }

    private static float Dot(float[] a, float[] b) => a.Zip(b, (x, y) => x * y).Sum();

    private static bool Covered(Silhouette m, int x, int y) => (m.Bits[(y * m.Width + x) >> 3] & (1 << ((y * m.Width + x) & 7))) != 0;

    private static Silhouette Mask(int width, int height, Func<int, int, bool> person)
    {
        var bits = new byte[(width * height + 7) / 8];
        var count = 0;
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                if (!person(x, y)) continue;
                var i = y * width + x;
                bits[i >> 3] |= (byte)(1 << (i & 7));
                count++;
            }
        return new Silhouette(width, height, (double)count / (width * height), bits);
    }
}
