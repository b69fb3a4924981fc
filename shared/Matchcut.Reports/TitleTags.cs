using Matchcut.Pipeline;

namespace Matchcut.Reports;

/// <summary>
/// Title-level tags across the film's N kept shots: W_i = (n_i / N) * sum_j P_ij, where n_i counts the shots in which
/// class i was detected at or above its threshold (Tags options) and P_ij is its best confidence in shot j (0 when absent), so a class seen in many shots and
/// surely weighs most; reported as R_i = (W_i - W_min) / (W_max - W_min) over the detected classes (1.0 when all equal).
/// </summary>
public static class TitleTags
{
    public static IReadOnlyDictionary<string, double> Compute(IReadOnlyCollection<ShotAnnotation> keptShots, TagsOptions thresholds)
    {
        var n = keptShots.Count;
        var seen = new Dictionary<string, (int Shots, double Sum)>(StringComparer.Ordinal);
        foreach (var shot in keptShots)
            foreach (var (name, p) in shot.TagConfidence ?? new Dictionary<string, double>())
                if (p >= thresholds.For(name))
                    seen[name] = seen.TryGetValue(name, out var s) ? (s.Shots + 1, s.Sum + p) : (1, p);
        if (n == 0 || seen.Count == 0) return new Dictionary<string, double>();
        var weights = seen.ToDictionary(kv => kv.Key, kv => (double)kv.Value.Shots / n * kv.Value.Sum);
        double min = weights.Values.Min(), max = weights.Values.Max();
        return weights.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .ToDictionary(kv => kv.Key, kv => max - min < 1e-9 ? 1.0 : Math.Round((kv.Value - min) / (max - min), 4));
    }
}
