using Matchcut.Vectors;

namespace Matchcut.Vectors.Tests;

/// <summary>The reference answer: cosine computed naively in double precision over every point that passes the filter.</summary>
internal static class BruteForce
{
    public static List<(string ShotId, double Score)> Search(IEnumerable<ShotPoint> points, VectorQuery query) =>
        points
            .Where(p => p.Vectors.ContainsKey(query.Flavour))
            .Where(p => query.Filter.Allows(p.ShotId, p.Payload))
            .Select(p => (p.ShotId, Score: Cosine(query.Vector, p.Vectors[query.Flavour])))
            .OrderByDescending(h => h.Score).ThenBy(h => h.ShotId, StringComparer.Ordinal)
            .Take(query.K)
            .ToList();

    public static double Cosine(float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += (double)a[i] * b[i];
            na += (double)a[i] * a[i];
            nb += (double)b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.Sqrt(na * nb);
    }
}
