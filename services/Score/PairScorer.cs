using System.Numerics.Tensors;
using Matchcut.Pipeline;

namespace Matchcut.Score;

/// <summary>Scores pairs of kept shots by cosine of their L2-normalized vectors and keeps the top K.</summary>
public static class PairScorer
{
    /// <summary>Every unordered pair of rows not left out, by the cosine of the two rows (A the earlier shot).</summary>
    /// <param name="shotIndices">Shot index of each row, ascending.</param>
    /// <param name="vectors">Row-major, one normalized row per shot.</param>
    /// <param name="leftOut">Shots not paired in this flavour (e.g. near-still shots for motion and camera).</param>
    public static IReadOnlyList<MatchPair> TopPairs(IReadOnlyList<int> shotIndices, ReadOnlySpan<float> vectors, int dimension, ScoringOptions options,
        IReadOnlyCollection<int>? leftOut = null)
    {
        var n = shotIndices.Count;
        var skip = leftOut is null ? [] : new HashSet<int>(leftOut);
        var heap = new PriorityQueue<MatchPair, double>(options.TopK + 1);
        for (var i = 0; i < n; i++)
        {
            if (skip.Contains(shotIndices[i])) continue;
            var a = vectors.Slice(i * dimension, dimension);
            for (var j = i + 1; j < n; j++)
            {
                if (shotIndices[j] - shotIndices[i] < options.MinShotGap || skip.Contains(shotIndices[j])) continue;
                var score = TensorPrimitives.Dot(a, vectors.Slice(j * dimension, dimension));
                Offer(heap, new MatchPair(shotIndices[i], shotIndices[j], Math.Round(score, 5)), score, options.TopK);
            }
        }
        return Drain(heap);
    }

    /// <summary>
    /// Directed pairs: the last clean frame of A (<paramref name="tails"/>) against the first clean frame of B
    /// (<paramref name="heads"/>), for every ordered pair of shots, so A-to-B and B-to-A are separate candidates. Each
    /// pair names the standardized frames that were scored.
    /// </summary>
    public static IReadOnlyList<MatchPair> TopBoundaryPairs(IReadOnlyList<int> shotIndices, ReadOnlySpan<float> tails, ReadOnlySpan<float> heads,
        IReadOnlyList<int> tailFrames, IReadOnlyList<int> headFrames, int dimension, ScoringOptions options)
    {
        var n = shotIndices.Count;
        var heap = new PriorityQueue<MatchPair, double>(options.TopK + 1);
        for (var i = 0; i < n; i++)
        {
            var tail = tails.Slice(i * dimension, dimension);
            for (var j = 0; j < n; j++)
            {
                if (Math.Abs(shotIndices[j] - shotIndices[i]) < options.MinShotGap || i == j) continue;
                var score = TensorPrimitives.Dot(tail, heads.Slice(j * dimension, dimension));
                Offer(heap, new MatchPair(shotIndices[i], shotIndices[j], Math.Round(score, 5), tailFrames[i], headFrames[j]), score, options.TopK);
            }
        }
        return Drain(heap);
    }

    private static void Offer(PriorityQueue<MatchPair, double> heap, MatchPair pair, double score, int k)
    {
        if (heap.Count == k && heap.TryPeek(out _, out var worst) && score <= worst) return;
        heap.Enqueue(pair, score);
        if (heap.Count > k) heap.Dequeue();
    }

    private static IReadOnlyList<MatchPair> Drain(PriorityQueue<MatchPair, double> heap)
    {
        var result = new List<MatchPair>(heap.Count);
        while (heap.TryDequeue(out var pair, out _)) result.Add(pair);
        result.Reverse();
        return result;
    }
}
