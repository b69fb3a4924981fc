using System.Numerics;
using System.Numerics.Tensors;
using Matchcut.Pipeline;
using Matchcut.Score;

namespace Matchcut.Stages.Tests;

/// <summary>
/// The tiled scorers against the plain ones they replaced (every pair scored one by one and offered to a K-heap) on
/// random data. Vectors hold multiples of 1/8, so every dot product is exact in any summing order and the results must
/// be identical: same pairs, same scores, same order, ties (many, from repeated rows) included. Sizes cross the tile
/// (4x4), column block (64), depth block and vector widths and the row chunk (256 rows).
/// </summary>
public sealed class PairScorerTests
{
    public static TheoryData<int, int, int, int, int> Shapes() => new()
    {
        // shots, width, top K, minimum shot gap, seed
        { 0, 8, 20, 2, 1 }, { 1, 8, 20, 2, 2 }, { 2, 3, 5, 0, 3 }, { 3, 1, 20, 0, 4 }, { 7, 1, 20, 2, 5 }, { 37, 17, 20, 2, 6 },
        { 70, 300, 20, 1, 7 }, { 131, 2560, 20, 2, 8 }, { 257, 40, 1_000_000, 2, 9 }, { 300, 33, 50, 3, 10 }, { 65, 9, 0, 2, 11 },
        { 90, 6, 1, 2, 12 }, { 150, 34, 20, 2, 13 }, { 123, 520, 7, 2, 14 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Boundary_pairs_are_those_of_scoring_every_ordered_pair_one_by_one(int shots, int width, int topK, int gap, int seed)
    {
        var rng = new Random(seed);
        var (indices, tails, heads) = (Indices(rng, shots), Rows(rng, shots, width), Rows(rng, shots, width));
        var (tailFrames, headFrames) = (indices.Select(i => i * 48 + 40).ToArray(), indices.Select(i => i * 48 + 2).ToArray());
        var options = new ScoringOptions { TopK = topK, MinShotGap = gap };

        var expected = ReferenceBoundaryPairs(indices, tails, heads, tailFrames, headFrames, width, options);
        var actual = PairScorer.TopBoundaryPairs(indices, tails, heads, tailFrames, headFrames, width, options);

        Assert.Equal(expected, actual);
        Assert.Equal(Math.Max(0, Math.Min(topK, expected.Count)), actual.Count);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Unordered_pairs_are_those_of_scoring_every_pair_one_by_one(int shots, int width, int topK, int gap, int seed)
    {
        var rng = new Random(seed);
        var (indices, vectors) = (Indices(rng, shots), Rows(rng, shots, width));
        var leftOut = indices.Where(_ => rng.NextDouble() < 0.15).ToList();
        var options = new ScoringOptions { TopK = topK, MinShotGap = gap };

        Assert.Equal(ReferencePairs(indices, vectors, width, options, null), PairScorer.TopPairs(indices, vectors, width, options));
        Assert.Equal(ReferencePairs(indices, vectors, width, options, leftOut), PairScorer.TopPairs(indices, vectors, width, options, leftOut));
    }

    [Theory]
    [InlineData(200, 2560, 20, 21)]
    [InlineData(97, 34, 20, 22)]
    [InlineData(300, 6, 40, 23)]
    public void Cosines_of_normalized_rows_match_within_float_rounding(int shots, int width, int topK, int seed)
    {
        var rng = new Random(seed);
        var indices = Enumerable.Range(0, shots).ToArray();
        var (tails, heads) = (Normalized(rng, shots, width), Normalized(rng, shots, width));
        var options = new ScoringOptions { TopK = topK };

        AssertClose(ReferenceBoundaryPairs(indices, tails, heads, indices, indices, width, options),
            PairScorer.TopBoundaryPairs(indices, tails, heads, indices, indices, width, options));
        AssertClose(ReferencePairs(indices, tails, width, options, null), PairScorer.TopPairs(indices, tails, width, options));
    }

    [Fact]
    public void Rows_shorter_than_the_shots_need_are_refused_with_the_sizes()
    {
        var e = Assert.Throws<ArgumentException>(() => PairScorer.TopPairs([0, 1, 2], new float[8], 3, new ScoringOptions()));
        Assert.Contains("9 floats", e.Message);
        Assert.Throws<ArgumentException>(() => PairScorer.TopBoundaryPairs([0, 1, 2], new float[9], new float[6], [0, 1, 2], [0, 1, 2], 3, new ScoringOptions()));
    }

    public static TheoryData<int, int, int, int> MaskSets() => new()
    {
        // shots, top K, minimum shot gap, seed
        { 0, 20, 2, 1 }, { 1, 20, 2, 2 }, { 2, 20, 0, 3 }, { 40, 5, 2, 4 }, { 300, 20, 2, 5 }, { 300, 1, 0, 6 }, { 250, 1_000_000, 2, 7 },
        { 120, 0, 2, 8 }, { 400, 60, 3, 9 },
    };

    [Theory]
    [MemberData(nameof(MaskSets))]
    public void Silhouette_pairs_are_those_of_scoring_every_pair_one_by_one(int shots, int topK, int gap, int seed)
    {
        var rng = new Random(seed);
        // Mostly the 32x18 grid (72 bytes, nine words); some 13x11 (18 bytes, not whole words) and 5x3 (2 bytes) masks that
        // pair with nothing of another grid; empty masks, repeated masks (IoU 1 and many equal IoUs), and shots out of order.
        (int W, int H)[] grids = [(32, 18), (32, 18), (32, 18), (13, 11), (5, 3)];
        var masks = new List<(int Shot, Silhouette Mask)>();
        foreach (var s in Enumerable.Range(0, shots).Select(s => s * 2 + rng.Next(2)).OrderBy(_ => rng.Next()))
        {
            var (w, h) = grids[rng.Next(grids.Length)];
            var repeat = masks.Where(m => m.Mask.Width == w && m.Mask.Height == h).ToList();
            var bits = repeat.Count > 0 && rng.NextDouble() < 0.2 ? repeat[rng.Next(repeat.Count)].Mask.Bits : Ellipse(rng, w, h, empty: rng.NextDouble() < 0.05);
            masks.Add((s, new Silhouette(w, h, 0, bits)));
        }
        var options = new ScoringOptions { TopK = topK, MinShotGap = gap };

        var expected = ReferenceSilhouettePairs(masks, options);
        Assert.Equal(expected, SilhouetteScorer.TopPairs(masks, options));
        if (shots >= 40 && topK > 0) Assert.NotEmpty(expected);
    }

    [Fact]
    public void A_silhouette_with_too_few_bytes_for_its_grid_scores_as_before()
    {
        var rng = new Random(31);
        var masks = Enumerable.Range(0, 30).Select(s => (s * 3, new Silhouette(13, 11, 0, Ellipse(rng, 13, 11, false)))).ToList();
        masks[4] = (12, masks[4].Item2 with { Bits = masks[4].Item2.Bits[..9] });
        var options = new ScoringOptions { TopK = 400 };

        Assert.Equal(ReferenceSilhouettePairs(masks, options), SilhouetteScorer.TopPairs(masks, options));
    }

    private static int[] Indices(Random rng, int shots)
    {
        var indices = new int[shots];
        for (int i = 0, shot = rng.Next(3); i < shots; i++, shot += 1 + (rng.NextDouble() < 0.2 ? rng.Next(1, 4) : 0)) indices[i] = shot;
        return indices;
    }

    /// <summary>Multiples of 1/8 in [-1/2, 1/2]; a quarter of the rows repeat an earlier row.</summary>
    private static float[] Rows(Random rng, int shots, int width)
    {
        var v = new float[shots * width];
        for (var i = 0; i < shots; i++)
        {
            var row = v.AsSpan(i * width, width);
            if (i > 0 && rng.NextDouble() < 0.25) v.AsSpan(rng.Next(i) * width, width).CopyTo(row);
            else for (var k = 0; k < width; k++) row[k] = rng.Next(-4, 5) / 8f;
        }
        return v;
    }

    private static float[] Normalized(Random rng, int shots, int width)
    {
        var v = new float[shots * width];
        for (var i = 0; i < shots; i++)
        {
            var row = v.AsSpan(i * width, width);
            for (var k = 0; k < width; k++) row[k] = (float)(rng.NextDouble() * 2 - 1);
            TensorPrimitives.Divide(row, TensorPrimitives.Norm(row), row);
        }
        return v;
    }

    private static byte[] Ellipse(Random rng, int w, int h, bool empty)
    {
        var bits = new byte[(w * h + 7) / 8];
        if (empty) return bits;
        // Coarse centres and radii so that distinct masks often share an IoU exactly.
        double cx = rng.Next(w), cy = rng.Next(h), rx = 1 + rng.Next(Math.Max(1, w / 3)), ry = 1 + rng.Next(Math.Max(1, h / 2));
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++)
                if (Math.Pow((x + 0.5 - cx) / rx, 2) + Math.Pow((y + 0.5 - cy) / ry, 2) <= 1) bits[(y * w + x) >> 3] |= (byte)(1 << ((y * w + x) & 7));
        return bits;
    }

    /// <summary>Same count, each score within rounding, and the same pair wherever its score has no near tie.</summary>
    private static void AssertClose(IReadOnlyList<MatchPair> expected, IReadOnlyList<MatchPair> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var p = 0; p < expected.Count; p++)
        {
            Assert.Equal(expected[p].Score, actual[p].Score, 2e-5);
            var nearTie = expected.Where((q, i) => i != p && Math.Abs(q.Score - expected[p].Score) <= 2e-5).Any() || p == expected.Count - 1;
            if (!nearTie) Assert.Equal(expected[p] with { Score = 0 }, actual[p] with { Score = 0 });
        }
    }

    // The scorers as they were before tiling: every pair scored on its own and offered to a min-heap of K.

    private static List<MatchPair> ReferencePairs(IReadOnlyList<int> shotIndices, float[] vectors, int dimension, ScoringOptions options, IReadOnlyCollection<int>? leftOut)
    {
        var n = shotIndices.Count;
        var skip = leftOut is null ? [] : new HashSet<int>(leftOut);
        var heap = new PriorityQueue<MatchPair, double>(options.TopK + 1);
        for (var i = 0; i < n; i++)
        {
            if (skip.Contains(shotIndices[i])) continue;
            var a = vectors.AsSpan(i * dimension, dimension);
            for (var j = i + 1; j < n; j++)
            {
                if (shotIndices[j] - shotIndices[i] < options.MinShotGap || skip.Contains(shotIndices[j])) continue;
                var score = TensorPrimitives.Dot(a, vectors.AsSpan(j * dimension, dimension));
                Offer(heap, new MatchPair(shotIndices[i], shotIndices[j], Math.Round(score, 5)), score, options.TopK);
            }
        }
        return Drain(heap);
    }

    private static List<MatchPair> ReferenceBoundaryPairs(IReadOnlyList<int> shotIndices, float[] tails, float[] heads,
        IReadOnlyList<int> tailFrames, IReadOnlyList<int> headFrames, int dimension, ScoringOptions options)
    {
        var n = shotIndices.Count;
        var heap = new PriorityQueue<MatchPair, double>(options.TopK + 1);
        for (var i = 0; i < n; i++)
        {
            var tail = tails.AsSpan(i * dimension, dimension);
            for (var j = 0; j < n; j++)
            {
                if (Math.Abs(shotIndices[j] - shotIndices[i]) < options.MinShotGap || i == j) continue;
                var score = TensorPrimitives.Dot(tail, heads.AsSpan(j * dimension, dimension));
                Offer(heap, new MatchPair(shotIndices[i], shotIndices[j], Math.Round(score, 5), tailFrames[i], headFrames[j]), score, options.TopK);
            }
        }
        return Drain(heap);
    }

    private static List<MatchPair> ReferenceSilhouettePairs(IReadOnlyList<(int Shot, Silhouette Mask)> shots, ScoringOptions options)
    {
        var ordered = shots.OrderBy(s => s.Shot).ToList();
        var heap = new PriorityQueue<MatchPair, double>(options.TopK + 1);
        for (var i = 0; i < ordered.Count; i++)
            for (var j = i + 1; j < ordered.Count; j++)
            {
                if (ordered[j].Shot - ordered[i].Shot < options.MinShotGap) continue;
                var (a, b) = (ordered[i].Mask, ordered[j].Mask);
                if (a.Width != b.Width || a.Height != b.Height) continue;
                int inter = 0, union = 0;
                for (var w = 0; w < Math.Min(a.Bits.Length, b.Bits.Length); w++)
                {
                    inter += BitOperations.PopCount((uint)(a.Bits[w] & b.Bits[w]));
                    union += BitOperations.PopCount((uint)(a.Bits[w] | b.Bits[w]));
                }
                var score = union == 0 ? 0 : (double)inter / union;
                if (score <= 0) continue;
                Offer(heap, new MatchPair(ordered[i].Shot, ordered[j].Shot, Math.Round(score, 5)), score, options.TopK);
            }
        return Drain(heap);
    }

    private static void Offer(PriorityQueue<MatchPair, double> heap, MatchPair pair, double score, int k)
    {
        if (heap.Count == k && heap.TryPeek(out _, out var worst) && score <= worst) return;
        heap.Enqueue(pair, score);
        if (heap.Count > k) heap.Dequeue();
    }

    private static List<MatchPair> Drain(PriorityQueue<MatchPair, double> heap)
    {
        var result = new List<MatchPair>(heap.Count);
        while (heap.TryDequeue(out var pair, out _)) result.Add(pair);
        result.Reverse();
        return result;
    }
}
