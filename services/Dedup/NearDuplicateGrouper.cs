using System.Numerics.Tensors;
using Matchcut.Pipeline;

namespace Matchcut.Dedup;

/// <summary>
/// Walks shots in time order and keeps the earliest of each near-duplicate group. A shot is judged on several frame
/// vectors spread over it against several of each earlier shot: another moment of the same setup (A, B, A') shows
/// some of the same pictures, so its frames find close partners there, while a shot that only shares a place or a
/// palette does not. A duplicate is linked to the earliest shot of its group, whichever member it matched best, so
/// A, B, A', C, A'' links both A' and A'' to A. Blank and too-short shots are dropped first.
/// </summary>
public static class NearDuplicateGrouper
{
    public static IReadOnlyList<ShotVerdict> Group(IReadOnlyList<(int Index, double DurationSec, bool Blank)> shots,
        Func<int, IReadOnlyList<float[]>> vectorsOf, DedupOptions options)
    {
        var verdicts = new List<ShotVerdict>(shots.Count);
        // Every judged shot so far with the earliest shot of its group.
        var seen = new List<(int Index, int Root, IReadOnlyList<float[]> Vectors)>();
        foreach (var (index, duration, blank) in shots.OrderBy(s => s.Index))
        {
            if (blank)
            {
                verdicts.Add(new ShotVerdict(index, false, "blank", null, null));
                continue;
            }
            if (duration < options.MinShotSec)
            {
                verdicts.Add(new ShotVerdict(index, false, "too-short", null, null));
                continue;
            }
            var vectors = vectorsOf(index);
            if (vectors.Count == 0) throw new ArgumentException($"shot {index} has no vectors to compare", nameof(vectorsOf));
            var best = (Root: -1, Similarity: double.NegativeInfinity);
            foreach (var earlier in seen)
            {
                var similarity = Similarity(vectors, earlier.Vectors);
                if (similarity > best.Similarity) best = (earlier.Root, similarity);
            }
            if (best.Root >= 0 && best.Similarity >= options.Threshold)
            {
                seen.Add((index, best.Root, vectors));
                verdicts.Add(new ShotVerdict(index, false, "duplicate", best.Root, Math.Round(best.Similarity, 4)));
                continue;
            }
            seen.Add((index, index, vectors));
            verdicts.Add(new ShotVerdict(index, true, null, null, best.Root >= 0 ? Math.Round(best.Similarity, 4) : null));
        }
        return verdicts;
    }

    /// <summary>
    /// How closely two shots share pictures: each frame of either shot takes its closest frame of the other, and the
    /// better-matched half of those counts (the mean of the upper half). Another moment of one setup matches well over
    /// the part where the pictures overlap; one shot vector each reduces to their plain cosine.
    /// </summary>
    public static double Similarity(IReadOnlyList<float[]> a, IReadOnlyList<float[]> b)
    {
        var closest = new List<double>(a.Count + b.Count);
        var bestOfB = new double[b.Count];
        Array.Fill(bestOfB, double.NegativeInfinity);
        foreach (var x in a)
        {
            var bestOfX = double.NegativeInfinity;
            for (var j = 0; j < b.Count; j++)
            {
                double c = TensorPrimitives.CosineSimilarity(x, b[j]);
                if (double.IsNaN(c)) c = 0; // a flat frame has no layout to share
                bestOfX = Math.Max(bestOfX, c);
                bestOfB[j] = Math.Max(bestOfB[j], c);
            }
            closest.Add(bestOfX);
        }
        closest.AddRange(bestOfB);
        closest.Sort();
        var upper = closest.Skip(closest.Count / 2).ToList();
        return upper.Average();
    }
}
