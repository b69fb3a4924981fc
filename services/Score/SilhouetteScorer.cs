using System.Numerics;
using System.Runtime.InteropServices;
using Matchcut.Pipeline;

namespace Matchcut.Score;

/// <summary>Scores pairs of shots that have a silhouette by the IoU of their bit-packed person masks and keeps the top K.</summary>
public static class SilhouetteScorer
{
    /// <summary>
    /// Every pair of shots in shot order. Masks are read as 64-bit words and each mask's area is counted once, so a pair
    /// costs one AND and popcount per word; a pair whose IoU cannot beat the K-th best kept (it is at most the smaller
    /// area over the larger) is passed over without reading its masks.
    /// </summary>
    public static IReadOnlyList<MatchPair> TopPairs(IReadOnlyList<(int Shot, Silhouette Mask)> shots, ScoringOptions options)
    {
        var ordered = shots.OrderBy(s => s.Shot).ToList();
        var top = new TopPairQueue(options.TopK);
        if (!top.Keeps) return top.Drain();
        var n = ordered.Count;
        var shot = ordered.Select(s => s.Shot).ToArray();
        var mask = ordered.Select(s => s.Mask).ToArray();
        var (words, start, count) = (new ulong[ordered.Sum(s => (s.Mask.Bits.Length + 7) / 8)], new int[n + 1], new int[n]);
        for (var i = 0; i < n; i++)
        {
            var bits = mask[i].Bits;
            start[i + 1] = start[i] + (bits.Length + 7) / 8;
            bits.CopyTo(MemoryMarshal.AsBytes(words.AsSpan(start[i], start[i + 1] - start[i]))); // byte order is moot for AND and popcount
            foreach (var w in words.AsSpan(start[i], start[i + 1] - start[i])) count[i] += BitOperations.PopCount(w);
        }
        for (var i = 0; i < n; i++)
        {
            var a = words.AsSpan(start[i], start[i + 1] - start[i]);
            for (var j = i + 1; j < n; j++)
            {
                if (shot[j] - shot[i] < options.MinShotGap) continue;
                var (ma, mb) = (mask[i], mask[j]);
                if (ma.Width != mb.Width || ma.Height != mb.Height) continue; // IoU 0
                double score;
                if (ma.Bits.Length == mb.Bits.Length)
                {
                    var (small, large) = count[i] < count[j] ? (count[i], count[j]) : (count[j], count[i]);
                    if (small == 0 || !top.Wants((double)small / large)) continue;
                    var inter = Intersection(a, words.AsSpan(start[j], a.Length));
                    score = inter == 0 ? 0 : (double)inter / (count[i] + count[j] - inter);
                }
                else score = IoU(ma, mb);
                if (score <= 0 || !top.Wants(score)) continue;
                top.Add(new MatchPair(shot[i], shot[j], Math.Round(score, 5)), score);
            }
        }
        return top.Drain();
    }

    private static int Intersection(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        var inter = 0;
        for (var w = 0; w < a.Length; w++) inter += BitOperations.PopCount(a[w] & b[w]);
        return inter;
    }

    /// <summary>The pair's mask IoU (<see cref="Silhouette.IoU"/>: one definition for within-title pairs and the query side's re-scoring).</summary>
    public static double IoU(Silhouette a, Silhouette b) => a.IoU(b);
}
