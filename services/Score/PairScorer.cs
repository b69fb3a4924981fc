using System.Numerics.Tensors;
using Matchcut.Hosting.Documents;

namespace Matchcut.Score;

/// <summary>Scores every pair of kept shots by cosine of their L2-normalized vectors and keeps the top K.</summary>
public static class PairScorer
{
    /// <param name="shotIndices">Shot index of each row, ascending.</param>
    /// <param name="vectors">Row-major, one normalized row per shot.</param>
    public static IReadOnlyList<MatchPair> TopPairs(IReadOnlyList<int> shotIndices, ReadOnlySpan<float> vectors, int dimension, ScoringOptions options)
    {
        var n = shotIndices.Count;
        var heap = new PriorityQueue<MatchPair, double>(options.TopK + 1);
        for (var i = 0; i < n; i++)
        {
            var a = vectors.Slice(i * dimension, dimension);
            for (var j = i + 1; j < n; j++)
            {
                if (shotIndices[j] - shotIndices[i] < options.MinShotGap) continue;
                var score = TensorPrimitives.Dot(a, vectors.Slice(j * dimension, dimension));
                if (heap.Count == options.TopK && heap.TryPeek(out _, out var worst) && score <= worst) continue;
                heap.Enqueue(new MatchPair(shotIndices[i], shotIndices[j], Math.Round(score, 5)), score);
                if (heap.Count > options.TopK) heap.Dequeue();
            }
        }
        var result = new List<MatchPair>(heap.Count);
        while (heap.TryDequeue(out var pair, out _)) result.Add(pair);
        result.Reverse();
        return result;
    }
}
