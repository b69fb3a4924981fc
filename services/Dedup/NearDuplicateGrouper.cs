using System.Numerics.Tensors;
using Matchcut.Hosting.Documents;

namespace Matchcut.Dedup;

/// <summary>
/// Walks shots in time order and keeps the earliest of each near-duplicate group: a shot whose descriptor is within
/// the threshold of an already kept shot is dropped as its duplicate. Blank and too-short shots are dropped first.
/// </summary>
public static class NearDuplicateGrouper
{
    public static IReadOnlyList<ShotVerdict> Group(IReadOnlyList<(int Index, double DurationSec, bool Blank)> shots,
        Func<int, float[]> descriptorOf, DedupOptions options)
    {
        var verdicts = new List<ShotVerdict>(shots.Count);
        var kept = new List<(int Index, float[] Descriptor)>();
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
            var descriptor = descriptorOf(index);
            var best = (Index: -1, Similarity: double.NegativeInfinity);
            foreach (var k in kept)
            {
                var similarity = TensorPrimitives.CosineSimilarity(descriptor, k.Descriptor);
                if (similarity > best.Similarity) best = (k.Index, similarity);
            }
            if (best.Index >= 0 && best.Similarity >= options.Threshold)
            {
                verdicts.Add(new ShotVerdict(index, false, "duplicate", best.Index, Math.Round(best.Similarity, 4)));
                continue;
            }
            kept.Add((index, descriptor));
            verdicts.Add(new ShotVerdict(index, true, null, null, best.Index >= 0 ? Math.Round(best.Similarity, 4) : null));
        }
        return verdicts;
    }
}
