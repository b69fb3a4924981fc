using Matchcut.Reports;
using Matchcut.Vectors;

namespace Matchcut.Reports.Beats;

/// <summary>An asset's beat events from its kept shots' tags.</summary>
public static class BeatEvents
{
    public static IReadOnlyList<BeatEvent> Of(string assetId, IReadOnlyList<ShotSummary> shots)
    {
        var kept = shots.Where(s => s.Kept).OrderBy(s => s.Index).ToList();
        var groups = BeatGrouper.Group(kept.Select(s => BeatGrouper.DominantLabel(s.Tags)).ToList());
        return groups.Select((g, n) => new BeatEvent(n, g.Label, kept[g.First].Index, kept[g.Last].Index,
            kept[g.First].StartSec, kept[g.Last].EndSec,
            kept.Skip(g.First).Take(g.Last - g.First + 1).Select(s => ShotIds.Of(assetId, s.Index)).ToList())).ToList();
    }
}
