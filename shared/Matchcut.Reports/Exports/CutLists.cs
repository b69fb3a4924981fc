using Matchcut.Reports;
using Matchcut.Vectors;

namespace Matchcut.Reports.Exports;

/// <summary>Cut lists from result.json's content: a title's kept shots, or pairs of shots (A then B) as events.</summary>
public static class CutLists
{
    /// <summary>The source as result.json describes it: start timecode from the file when it has one, else 00:00:00:00 (drop-frame at 29.97 and 59.94).</summary>
    public static CutListSource Source(AssetSummary asset)
    {
        var rate = FrameRate.From(asset.Fps);
        var (start, dropFrame) = asset.Timecode is { Length: > 0 } tc ? Timecode.Parse(tc, rate) : (0, rate.CanDropFrame);
        return new CutListSource(SourceName(asset.SourceUri), asset.SourceUri, rate, start, dropFrame, asset.Width, asset.Height, asset.FrameCount);
    }

    public static CutList Shots(AssetResult result, string? titleId)
    {
        var source = Source(result.Asset);
        return new CutList($"{titleId ?? result.Asset.Id} shots", result.Shots.Where(s => s.Kept).OrderBy(s => s.Index)
            .Select(s => Event(result, source, titleId, s)).ToList());
    }

    /// <summary>Each pair as two events, the whole of shot A then the whole of shot B, in the order given.</summary>
    public static CutList Pairs(string name, string flavour, IEnumerable<ShotPair> pairs)
    {
        var events = new List<CutEvent>();
        var n = 0;
        foreach (var p in pairs)
        {
            n++;
            events.Add(Event(p.AResult, Source(p.AResult.Asset), p.ATitle, Shot(p.AResult, p.A)) with { Pair = n, Score = Finite(p.Score), Flavour = flavour, Role = "a" });
            events.Add(Event(p.BResult, Source(p.BResult.Asset), p.BTitle, Shot(p.BResult, p.B)) with { Pair = n, Score = Finite(p.Score), Flavour = flavour, Role = "b" });
        }
        return new CutList(name, events);
    }

    // A reviewed pair that fell out of the top K has no score to show.
    private static double? Finite(double score) => double.IsFinite(score) ? score : null;

    private static ShotSummary Shot(AssetResult result, int index) =>
        result.Shots.FirstOrDefault(s => s.Index == index) ?? throw new ArgumentOutOfRangeException(nameof(index), index, $"Asset {result.Asset.Id} has no shot {index}.");

    private static CutEvent Event(AssetResult result, CutListSource source, string? titleId, ShotSummary s) =>
        new($"{titleId ?? result.Asset.Id} shot {s.Index}", source, titleId, ShotIds.Of(result.Asset.Id, s.Index), s.Index, s.StartFrame, s.EndFrame + 1);

    private static string SourceName(string uri)
    {
        var name = uri.Replace('\\', '/');
        return name[(name.LastIndexOf('/') + 1)..];
    }
}

/// <summary>Shot A of one result then shot B of another (or the same), with the pair's score.</summary>
public sealed record ShotPair(AssetResult AResult, string? ATitle, int A, AssetResult BResult, string? BTitle, int B, double Score);
