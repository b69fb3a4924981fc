using Matchcut.Analysis.Segmentation;
using Matchcut.Media;

namespace Matchcut.Bench;

/// <summary>A detected boundary as the frames its transition spans (a cut: the new shot's first frame twice).</summary>
public sealed record Detection(int Start, int End);

/// <summary>One clip's boundaries scored against its truth: per truth transition whether it was found, and what each false detection lies next to.</summary>
public sealed record ClipScore(string Clip, string Split, string Method, List<(string Kind, bool Matched)> PerTruth, List<string> FalseKinds, int FlashFalse, int Flashes);

/// <summary>
/// Scores detections on the real-edit truth. A detection matches a transition when its span overlaps the transition's
/// frames widened by <see cref="Tolerance"/> on each side: a hard cut labelled at frame c is found at c-1..c+1, a
/// gradual one anywhere from a frame before it starts to a frame after it ends. Each detection matches once.
/// </summary>
public static class RealEditScoring
{
    public const int Tolerance = 1;

    // ffmpeg's scdet at its documented default threshold: the peer a user would reach for first.
    public const double ScdetThreshold = 10;

    public static ClipScore Score(string clip, string split, string method, List<TruthTransition> truth, List<(int Start, int End)> flashes, List<Detection> found)
    {
        var used = new bool[found.Count];
        var perTruth = new List<(string, bool)>();
        foreach (var t in truth)
        {
            var best = -1;
            for (var i = 0; i < found.Count; i++)
                if (!used[i] && found[i].Start <= t.End + Tolerance && found[i].End >= t.Start - Tolerance
                    && (best < 0 || Distance(found[i], t) < Distance(found[best], t))) best = i;
            if (best >= 0) used[best] = true;
            perTruth.Add((t.Kind, best >= 0));
        }
        var falseKinds = new List<string>();
        var flashFalse = 0;
        for (var i = 0; i < found.Count; i++)
        {
            if (used[i]) continue;
            var f = found[i];
            if (flashes.Any(fl => f.Start <= fl.End + Tolerance && f.End >= fl.Start - Tolerance)) { flashFalse++; falseKinds.Add("flash"); continue; }
            // Blamed on the nearest transition's kind within half a second; "inside-shot" when none is near.
            var nearest = truth.OrderBy(t => Distance(f, t)).FirstOrDefault();
            falseKinds.Add(nearest is not null && Distance(f, nearest) <= 15 ? nearest.Kind : "inside-shot");
        }
        return new(clip, split, method, perTruth, falseKinds, flashFalse, flashes.Count);
    }

    private static int Distance(Detection d, TruthTransition t) => Math.Max(0, Math.Max(t.Start - d.End, d.Start - t.End));

    public static async Task<List<Detection>> MatchcutAsync(string path)
    {
        var probe = await new VideoProber(new MediaOptions()).ProbeAsync(path);
        var analysis = await new ShotAnalyzer(new MediaOptions()).AnalyzeAsync(path, probe);
        return analysis.Boundaries.Select(b => new Detection(Math.Min(b.TransitionStart, b.Frame), Math.Max(b.TransitionEnd, b.Frame))).ToList();
    }

    /// <summary>Frames where scdet marks a scene change (lavfi.scd.time set): the first frame of the new scene, in decode order.</summary>
    public static List<Detection> Scdet(string path)
    {
        var (_, stdout, _) = Tools.Ffmpeg("-i", path, "-an", "-vf", $"scdet=threshold={Tools.F(ScdetThreshold, 0)},metadata=mode=print:key=lavfi.scd.time:file=-", "-f", "null", "-");
        var found = new List<Detection>();
        foreach (var line in stdout.Split('\n'))
            if (line.StartsWith("frame:", StringComparison.Ordinal))
            {
                var n = int.Parse(line[6..].Split(' ', 2)[0], Tools.Inv);
                found.Add(new(n, n));
            }
        return found;
    }

    /// <summary>Pooled totals per transition kind over clips, "all" first, then flashes and false cuts inside shots.</summary>
    public static List<KindScore> ByKind(string set, IReadOnlyList<ClipScore> clips)
    {
        var rows = new List<KindScore>
        {
            new(set, "all", clips.Sum(c => c.PerTruth.Count), clips.Sum(c => c.PerTruth.Count(t => t.Matched)), clips.Sum(c => c.FalseKinds.Count)),
        };
        foreach (var k in clips.SelectMany(c => c.PerTruth.Select(t => t.Kind)).Distinct().Order())
            rows.Add(new(set, k, clips.Sum(c => c.PerTruth.Count(t => t.Kind == k)), clips.Sum(c => c.PerTruth.Count(t => t.Kind == k && t.Matched)),
                clips.Sum(c => c.FalseKinds.Count(f => f == k))));
        rows.Add(new(set, "at-a-flash", clips.Sum(c => c.Flashes), 0, clips.Sum(c => c.FlashFalse)));
        rows.Add(new(set, "inside-shot", 0, 0, clips.Sum(c => c.FalseKinds.Count(f => f == "inside-shot"))));
        return rows;
    }
}
