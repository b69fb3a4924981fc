using Matchcut.Encoders.Models;

namespace Matchcut.Encoders.Shots;

/// <summary>
/// Object tags of a shot from its N sampled frames: W_i = (n_i / N) * sum_j P_ij, where n_i counts the frames in which
/// class i is detected and P_ij is its best confidence in frame j (0 when absent); so a class seen often and surely
/// weighs most. Reported as R_i = (W_i - W_min) / (W_max - W_min) over the detected classes (1.0 when all are equal).
/// </summary>
public static class ShotTagger
{
    public static IReadOnlyDictionary<string, double> Tags(IReadOnlyList<FrameFindings> frames, float threshold)
    {
        var n = frames.Count;
        if (n == 0) return new Dictionary<string, double>();
        var seen = new Dictionary<int, (int Frames, double Sum)>();
        foreach (var frame in frames)
        {
            foreach (var group in frame.Objects.Where(d => d.Score >= threshold).GroupBy(d => d.ClassId))
            {
                var best = group.Max(d => d.Score);
                seen[group.Key] = seen.TryGetValue(group.Key, out var s) ? (s.Frames + 1, s.Sum + best) : (1, best);
            }
        }
        var weights = seen.ToDictionary(kv => kv.Key, kv => (double)kv.Value.Frames / n * kv.Value.Sum);
        if (weights.Count == 0) return new Dictionary<string, double>();
        double min = weights.Values.Min(), max = weights.Values.Max();
        return weights
            .OrderByDescending(kv => kv.Value)
            .ToDictionary(kv => CocoClasses.Name(kv.Key), kv => max - min < 1e-9 ? 1.0 : Math.Round((kv.Value - min) / (max - min), 4));
    }

    /// <summary>Per detected class its best confidence over the frames (at or above the threshold), rounded to 4 places.</summary>
    public static IReadOnlyDictionary<string, double> Confidences(IReadOnlyList<FrameFindings> frames, float threshold) =>
        frames.SelectMany(f => f.Objects).Where(d => d.Score >= threshold).GroupBy(d => d.ClassId)
            .OrderByDescending(g => g.Max(d => d.Score))
            .ToDictionary(g => CocoClasses.Name(g.Key), g => Math.Round((double)g.Max(d => d.Score), 4));
}
