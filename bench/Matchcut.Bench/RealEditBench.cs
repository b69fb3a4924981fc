using Matchcut.BenchResults;
using static Matchcut.Bench.Tools;

namespace Matchcut.Bench;

/// <summary>
/// The real-edit part of the bench: matchcut's segmentation and ffmpeg's scdet on the same truth in the same run, on
/// the real edits (tune and held-out apart) and on the generated edits (tuning and held-out seeds), pooled per
/// transition kind into one table (bench/results/real_edits.csv).
/// </summary>
public static class RealEditBench
{
    public static async Task RunAsync(BenchSheet sheet, string media, string cache, string root, TextWriter log)
    {
        var real = new RealEdits(media, Path.Combine(cache, "real"), Path.Combine(root, "bench", "truth", "real-edits.csv")).Clips();
        Directory.CreateDirectory(Path.Combine(cache, "quality"));
        var generator = new GeneratedEdits(media, Path.Combine(cache, "quality"));
        var generated = new[] { ("generated-tuning", GeneratedEdits.TuningSeeds), ("generated-held-out", GeneratedEdits.HeldOutSeeds) }
            .SelectMany(s => s.Item2.Select(seed => (Set: s.Item1, Edit: generator.Make(seed))))
            .Select(x => new RealClip($"seed-{x.Edit.Seed}", x.Edit.Path, x.Set, NameCutsNearFlashes(x.Edit.Truth), x.Edit.Truth.Flashes));
        var clips = real.Select(c => c with { Split = "real-" + c.Split }).Concat(generated).ToList();

        var scores = new ClipScore[clips.Count * 2];
        await Parallel.ForEachAsync(Enumerable.Range(0, clips.Count), new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (i, _) =>
        {
            var c = clips[i];
            var ours = await RealEditScoring.MatchcutAsync(c.Path);
            var peer = RealEditScoring.Scdet(c.Path);
            scores[2 * i] = RealEditScoring.Score(c.Name, c.Split, "matchcut", c.Truth, c.Flashes, ours);
            scores[2 * i + 1] = RealEditScoring.Score(c.Name, c.Split, "scdet", c.Truth, c.Flashes, peer);
            lock (scores)
            {
                log.WriteLine($"  {c.Split} {c.Name}: truth {string.Join(' ', c.Truth.Select(t => $"{t.Kind}@{Span(t.Start, t.End)}"))}");
                log.WriteLine($"    matchcut {string.Join(' ', ours.Select(d => Span(d.Start, d.End)))}  missed {Missed(scores[2 * i])}");
                log.WriteLine($"    scdet    {string.Join(' ', peer.Select(d => Span(d.Start, d.End)))}  missed {Missed(scores[2 * i + 1])}");
            }
        });

        var rows = new List<string> { "set,method,kind,truth,matched,false,precision,recall,f1" };
        var pooled = new Dictionary<(string Set, string Method), KindScore>();
        foreach (var set in clips.Select(c => c.Split).Distinct())
            foreach (var method in new[] { "matchcut", "scdet" })
            {
                var byKind = RealEditScoring.ByKind(set, scores.Where(s => s.Split == set && s.Method == method).ToList());
                pooled[(set, method)] = byKind[0];
                // The at-a-flash and inside-shot rows count false cuts only: they have no transitions to find.
                rows.AddRange(byKind.Select(k => k.Kind is "at-a-flash" or "inside-shot"
                    ? $"{set},{method},{k.Kind},,,{k.False},,,"
                    : $"{set},{method},{k.Kind},{k.Truth},{k.Matched},{k.False},{F(k.Precision)},{F(k.Recall)},{F(k.F1)}"));
            }
        sheet.Table("real_edits.csv", rows);

        foreach (var (set, target) in new[] { ("real-heldout", 0.93), ("real-tune", 0.0), ("generated-held-out", 0.98), ("generated-tuning", 0.0) })
        {
            var (ours, peer) = (pooled[(set, "matchcut")], pooled[(set, "scdet")]);
            sheet.Figure($"{set}: pooled F1", ours.F1, "", target > 0 ? ">=" : "", target,
                $"(P {F(ours.Precision)} R {F(ours.Recall)}, {ours.Matched}/{ours.Truth} found, {ours.False} false; scdet F1 {F(peer.F1)}, P {F(peer.Precision)} R {F(peer.Recall)}; +-{RealEditScoring.Tolerance} frame)");
            sheet.Figure($"{set}: pooled F1 less scdet's", ours.F1 - peer.F1, "", set == "real-heldout" ? ">" : "", 0);
        }
        var heldout = pooled[("real-heldout", "matchcut")];
        sheet.Figure("real-heldout: pooled precision", heldout.Precision, "", ">=", 0.95, $"({heldout.False} false of {heldout.Matched + heldout.False})");
        var ourScores = scores.Where(s => s.Method == "matchcut").ToList();
        var nearFlash = ourScores.SelectMany(s => s.PerTruth).Where(t => t.Kind == "cut-near-flash").ToList();
        sheet.Figure("cuts next to a flash missed (real and generated)", nearFlash.Count(t => !t.Matched), "", "==", 0, $"({nearFlash.Count} such cuts)");
        sheet.Figure("false cuts at flashes (real and generated)", ourScores.Sum(s => s.FlashFalse), "", "==", 0, $"({ourScores.Sum(s => s.Flashes)} flashes)");
        var recordings = ourScores.Where(s => s.PerTruth.Count == 0).ToList();
        sheet.Figure("false cuts in single recordings", recordings.Sum(s => s.FalseKinds.Count), "", "==", 0,
            $"({recordings.Count} recordings with objects crossing and camera moves, no cut)");
    }

    // The generator's hard cuts within 10 frames of one of its flashes, named apart: the case a flash used to swallow.
    private static List<TruthTransition> NameCutsNearFlashes(EditTruth truth) =>
        truth.Transitions.Select(t => t.Kind == "cut" && truth.Flashes.Any(f => t.Start >= f.Start - 10 && t.Start <= f.End + 11)
            ? t with { Kind = "cut-near-flash" } : t).ToList();

    private static string Span(int start, int end) => start == end ? $"{start}" : $"{start}-{end}";

    private static string Missed(ClipScore s) =>
        s.PerTruth.Count(t => !t.Matched) + (s.FalseKinds.Count > 0 ? $", false {s.FalseKinds.Count} ({string.Join(' ', s.FalseKinds)})" : "");
}
