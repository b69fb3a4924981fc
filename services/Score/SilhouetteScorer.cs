using System.Numerics;
using Matchcut.Pipeline;

namespace Matchcut.Score;

/// <summary>Scores pairs of shots that have a silhouette by the IoU of their bit-packed person masks and keeps the top K.</summary>
public static class SilhouetteScorer
{
    public static IReadOnlyList<MatchPair> TopPairs(IReadOnlyList<(int Shot, Silhouette Mask)> shots, ScoringOptions options)
    {
        var ordered = shots.OrderBy(s => s.Shot).ToList();
        var heap = new PriorityQueue<MatchPair, double>(options.TopK + 1);
        for (var i = 0; i < ordered.Count; i++)
        for (var j = i + 1; j < ordered.Count; j++)
        {
            if (ordered[j].Shot - ordered[i].Shot < options.MinShotGap) continue;
            var score = IoU(ordered[i].Mask, ordered[j].Mask);
            if (score <= 0) continue;
            if (heap.Count == options.TopK && heap.TryPeek(out _, out var worst) && score <= worst) continue;
            heap.Enqueue(new MatchPair(ordered[i].Shot, ordered[j].Shot, Math.Round(score, 5)), score);
            if (heap.Count > options.TopK) heap.Dequeue();
        }
        var result = new List<MatchPair>(heap.Count);
        while (heap.TryDequeue(out var pair, out _)) result.Add(pair);
        result.Reverse();
        return result;
    }

    public static double IoU(Silhouette a, Silhouette b)
    {
        if (a.Width != b.Width || a.Height != b.Height) return 0;
        int inter = 0, union = 0;
        for (var i = 0; i < Math.Min(a.Bits.Length, b.Bits.Length); i++)
        {
            inter += BitOperations.PopCount((uint)(a.Bits[i] & b.Bits[i]));
            union += BitOperations.PopCount((uint)(a.Bits[i] | b.Bits[i]));
        }
        return union == 0 ? 0 : (double)inter / union;
    }
}
