using Matchcut.Pipeline;

namespace Matchcut.Score;

/// <summary>
/// Scores pairs of kept shots by cosine of their L2-normalized vectors and keeps the top K. The cosines come from a
/// tiled matrix product (<see cref="RowDots"/>) a block of rows at a time; the block is then read in pair order, so
/// the pairs kept and their order (ties included) are those of scoring every pair one by one.
/// </summary>
public static class PairScorer
{
    /// <summary>Every unordered pair of rows not left out, by the cosine of the two rows (A the earlier shot).</summary>
    /// <param name="shotIndices">Shot index of each row, ascending.</param>
    /// <param name="vectors">Row-major, one normalized row per shot.</param>
    /// <param name="leftOut">Shots not paired in this flavour (e.g. near-still shots for motion and camera).</param>
    public static IReadOnlyList<MatchPair> TopPairs(IReadOnlyList<int> shotIndices, ReadOnlyMemory<float> vectors, int dimension, ScoringOptions options,
        IReadOnlyCollection<int>? leftOut = null)
    {
        var n = shotIndices.Count;
        RequireRows(nameof(vectors), vectors.Length, n, dimension);
        var top = new TopPairQueue(options.TopK);
        if (!top.Keeps || n < 2) return top.Drain();
        var shots = shotIndices.ToArray();
        var skip = leftOut is null ? [] : new HashSet<int>(leftOut);
        var kept = shots.Select(s => !skip.Contains(s)).ToArray();
        var chunk = RowDots.ChunkRows(n);
        var products = new float[chunk * n];
        for (var r0 = 0; r0 < n - 1; r0 += chunk)
        {
            // Row i pairs with the rows after it only: this block needs the columns from its first row + 1 on.
            var (rows, c0) = (Math.Min(chunk, n - 1 - r0), r0 + 1);
            var cols = n - c0;
            RowDots.Compute(vectors, r0, rows, vectors, c0, cols, dimension, products);
            for (var i = r0; i < r0 + rows; i++)
            {
                if (!kept[i]) continue;
                var row = (i - r0) * cols - c0; // products[row + j] is the product of rows i and j
                for (var j = i + 1; j < n; j++)
                {
                    if (shots[j] - shots[i] < options.MinShotGap || !kept[j]) continue;
                    var score = products[row + j];
                    if (top.Wants(score)) top.Add(new MatchPair(shots[i], shots[j], Math.Round(score, 5)), score);
                }
            }
        }
        return top.Drain();
    }

    /// <summary>
    /// Directed pairs: the last clean frame of A (<paramref name="tails"/>) against the first clean frame of B
    /// (<paramref name="heads"/>), for every ordered pair of shots, so A-to-B and B-to-A are separate candidates. Each
    /// pair names the standardized frames that were scored.
    /// </summary>
    public static IReadOnlyList<MatchPair> TopBoundaryPairs(IReadOnlyList<int> shotIndices, ReadOnlyMemory<float> tails, ReadOnlyMemory<float> heads,
        IReadOnlyList<int> tailFrames, IReadOnlyList<int> headFrames, int dimension, ScoringOptions options)
    {
        var n = shotIndices.Count;
        RequireRows(nameof(tails), tails.Length, n, dimension);
        RequireRows(nameof(heads), heads.Length, n, dimension);
        if (tailFrames.Count < n || headFrames.Count < n)
            throw new ArgumentException($"{n} shots need {n} tail and head frames; got {tailFrames.Count} and {headFrames.Count}.");
        var top = new TopPairQueue(options.TopK);
        if (!top.Keeps || n < 2) return top.Drain();
        var shots = shotIndices.ToArray();
        var chunk = RowDots.ChunkRows(n);
        var products = new float[chunk * n];
        for (var r0 = 0; r0 < n; r0 += chunk)
        {
            var rows = Math.Min(chunk, n - r0);
            RowDots.Compute(tails, r0, rows, heads, 0, n, dimension, products);
            for (var i = r0; i < r0 + rows; i++)
            {
                var row = products.AsSpan((i - r0) * n, n);
                for (var j = 0; j < n; j++)
                {
                    if (Math.Abs(shots[j] - shots[i]) < options.MinShotGap || i == j) continue;
                    var score = row[j];
                    if (top.Wants(score)) top.Add(new MatchPair(shots[i], shots[j], Math.Round(score, 5), tailFrames[i], headFrames[j]), score);
                }
            }
        }
        return top.Drain();
    }

    private static void RequireRows(string name, int length, int rows, int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(dimension);
        if (length < (long)rows * dimension)
            throw new ArgumentException($"{rows} shots of {dimension} floats need {(long)rows * dimension} floats; {name} has {length}.", name);
    }
}
