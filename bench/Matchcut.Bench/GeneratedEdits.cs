using System.Globalization;
using Matchcut.Analysis.Segmentation;
using Matchcut.Media;

namespace Matchcut.Bench;

/// <summary>A piece of a generated edit: which camera setup it shows and the compilation frames it covers (transitions included).</summary>
public sealed record EditPiece(string Setup, int First, int Last);

/// <summary>A generated edit's truth: transitions by kind, flashes inside shots, and the pieces in order.</summary>
public sealed record EditTruth(List<TruthTransition> Transitions, List<(int Start, int End)> Flashes, List<EditPiece> Pieces);

/// <summary>
/// Edits generated from seeds, the way an editor would cut unseen footage: every shot of the shared clips, each
/// also re-framed (a crop of part of the picture, so two framings of one shot share their palette), joined by hard
/// cuts, dissolves, wipes and dips to black, with 2-frame flashes inside shots and shots that come back later at
/// another moment and another quality (A, B, A'). Output size 640x360 to 1280x720, 24, 25 or 29.97 fps, CRF 18-28,
/// all drawn from the seed, so a seed always makes the same edit.
/// </summary>
public sealed class GeneratedEdits(string mediaFolder, string cacheFolder)
{
    // One shot of the shared footage (TRUTH.md), in seconds of presentation time, clear of its transitions.
    private sealed record SourceShot(string Name, string File, double Start, double End);

    private static readonly SourceShot[] Sources =
    [
        new("bunny1", "bbb_0_30.webm", 2.6, 11.6),
        new("bunny2", "bbb_0_30.webm", 11.95, 15.5),
        new("bunny3", "bbb_0_30.webm", 15.8, 22.8),
        new("leaf", "testvideo.mp4", 1.1, 5.9),
        new("deer", "testvideo.mp4", 8.15, 10.9),
        new("leaf2", "testvideo.mp4", 14.25, 17.5),
        new("tyre", "testvideo.mp4", 18.75, 22.0),
        new("hands1", "issue-195-aspect-ratio.mp4", 0.1, 2.7),
        new("sofa", "issue-195-aspect-ratio.mp4", 2.92, 6.7),
        new("room", "issue-195-aspect-ratio.mp4", 6.92, 11.9),
        new("street", "issue-195-aspect-ratio.mp4", 12.16, 16.7),
        new("desk", "issue-195-aspect-ratio.mp4", 16.96, 19.26),
        new("hands2", "issue-195-aspect-ratio.mp4", 19.48, 25.0),
        new("rot1", "issue-134-rotate.mp4", 0.1, 3.65),
        new("rot2", "issue-134-rotate.mp4", 3.88, 8.65),
        new("gold1", "goldeneye-vfr-drop3.mp4", 0.1, 3.6),
        new("gold2", "goldeneye-vfr-drop3.mp4", 3.95, 8.6),
    ];

    // Framings: the whole picture, or 60% of it from one corner, so two framings of a shot overlap by a sixth at most.
    private static readonly string[] Views = ["full", "tl", "br"];

    private static readonly (int W, int H)[] Sizes = [(640, 360), (768, 432), (854, 480), (960, 540), (1024, 576), (1280, 720)];
    private static readonly (string Rate, double Fps)[] Rates = [("24", 24), ("25", 25), ("30000/1001", 30000 / 1001.0)];

    /// <summary>Seeds the thresholds were tuned on.</summary>
    public static readonly int[] TuningSeeds = [1, 2, 3, 4, 5, 6, 7, 8];

    /// <summary>Seeds never looked at while tuning: their figures say how the detector does on edits it has not seen.</summary>
    public static readonly int[] HeldOutSeeds = [1001, 1002, 1003, 1004, 1005, 1006, 1007, 1008];

    /// <summary>
    /// A second held-out set, added when the first had been looked at while fixing misses: measured once, at the end
    /// of a change, so its figures stay a fair guess of how unseen edits fare.
    /// </summary>
    public static readonly int[] FreshSeeds = [2001, 2002, 2003, 2004, 2005, 2006, 2007, 2008, 2009, 2010, 2011, 2012];

    /// <summary>
    /// A third held-out set, made before the fresh set's misses were worked on (so "fresh" became development data):
    /// run only on merged main once a change is done, never while changing thresholds or features.
    /// </summary>
    public static readonly int[] UnseenSeeds = [3001, 3002, 3003, 3004, 3005, 3006, 3007, 3008, 3009, 3010, 3011, 3012];

    /// <summary>
    /// A fourth held-out set, made before the unseen set's revisit misses were worked on (so "unseen" became development
    /// data too): run only on merged main once a change is done, never while changing thresholds or features.
    /// </summary>
    public static readonly int[] FinalSeeds = [4001, 4002, 4003, 4004, 4005, 4006, 4007, 4008, 4009, 4010, 4011, 4012];

    public sealed record Edit(int Seed, string Path, int Width, int Height, double Fps, int Crf, EditTruth Truth);

    private sealed record Plan(SourceShot Shot, string View, double Offset, int Frames, string Join, int D, bool Degraded, int? FlashAt, string FlashKind);

    public Edit Make(int seed)
    {
        var rnd = new Random(seed);
        var (w, h) = Sizes[rnd.Next(Sizes.Length)];
        var (rate, fps) = Rates[rnd.Next(Rates.Length)];
        var crf = 18 + rnd.Next(11);
        var plans = PlanEdit(rnd, fps);
        var name = $"edit-{seed}-{w}x{h}-{fps:F2}-crf{crf}";
        var path = Path.Combine(cacheFolder, name + ".mp4");
        var truth = Assemble(plans, fps, rate, w, h, crf, path);
        return new Edit(seed, path, w, h, fps, crf, truth);
    }

    // Ten pieces; joins drawn so every kind turns up in most seeds, with close-palette pairs on purpose: the next
    // piece is often another framing of the same shot or another shot of the same clip.
    private static List<Plan> PlanEdit(Random rnd, double fps)
    {
        var plans = new List<Plan>();
        var joins = new[] { "cut", "cut-similar", "cut-similar", "dissolve", "dissolve-similar", "wipe", "fadeblack", "revisit", "revisit" }
            .OrderBy(_ => rnd.Next()).ToList();
        var wipes = new[] { "wipeleft", "wiperight", "wipeup", "wipedown" };
        for (var i = 0; i < 10; i++)
        {
            var join = i == 0 ? "start" : joins[(i - 1) % joins.Count];
            var previous = i == 0 ? null : plans[^1];
            SourceShot shot;
            string view;
            var degraded = false;
            var usedSetups = plans.Select(p => (p.Shot.Name, p.View)).ToHashSet();
            if (join == "revisit" && plans.Count < 2) join = "cut";
            if (join == "revisit")
            {
                // Another moment of a setup seen before, not the one just shown.
                var earlier = plans.Take(plans.Count - 1).Where(p => p.Shot.End - p.Shot.Start >= 3.4).ToList();
                if (earlier.Count == 0) earlier = plans.Take(plans.Count - 1).ToList();
                var back = earlier[rnd.Next(earlier.Count)];
                (shot, view, degraded) = (back.Shot, back.View, true);
            }
            else if (previous is not null && join.EndsWith("-similar", StringComparison.Ordinal))
            {
                // Same shot in another framing, or another shot of the same clip.
                var sameClip = Sources.Where(s => s.File == previous.Shot.File && s.Name != previous.Shot.Name).ToList();
                if (rnd.Next(2) == 0 || sameClip.Count == 0)
                    (shot, view) = (previous.Shot, Views.Where(v => v != previous.View).ElementAt(rnd.Next(Views.Length - 1)));
                else
                    (shot, view) = (sameClip[rnd.Next(sameClip.Count)], Views[rnd.Next(Views.Length)]);
            }
            else
            {
                var fresh = Sources.Where(s => previous is null || s.File != previous.Shot.File).ToList();
                do (shot, view) = (fresh[rnd.Next(fresh.Count)], Views[rnd.Next(Views.Length)]);
                while (usedSetups.Contains((shot.Name, view)) && rnd.Next(4) != 0);
            }
            var length = shot.End - shot.Start;
            var seconds = Math.Min(length - 0.2, 1.8 + rnd.NextDouble() * 1.4);
            var frames = (int)Math.Floor(seconds * fps);
            var offset = rnd.NextDouble() * (length - 0.1 - frames / fps);
            if (join == "revisit")
            {
                // Prefer the part of the shot farthest from where it was shown first.
                var first = plans.First(p => p.Shot == shot && p.View == view);
                var room = length - 0.1 - frames / fps;
                offset = first.Offset > room / 2 ? 0 : room;
            }
            var kind = join switch
            {
                "start" => "start",
                "cut" or "cut-similar" => join,
                "revisit" => rnd.Next(3) == 0 ? "dissolve" : "cut",
                "wipe" => wipes[rnd.Next(wipes.Length)],
                _ => join,
            };
            var d = kind is "start" or "cut" or "cut-similar" ? 0 : (int)Math.Round((0.3 + rnd.NextDouble() * 0.7) * fps);
            int? flashAt = null;
            var flashKind = "";
            if (rnd.Next(3) == 0 && frames >= 2 * d + 30)
            {
                flashAt = d + 10 + rnd.Next(Math.Max(1, frames - 2 * d - 30));
                flashKind = rnd.Next(2) == 0 ? "white" : "bright";
            }
            plans.Add(new Plan(shot, view, offset, frames, kind, d, degraded, flashAt, flashKind));
        }
        return plans;
    }

    private EditTruth Assemble(List<Plan> plans, double fps, string rate, int w, int h, int crf, string path)
    {
        var truth = new List<TruthTransition>();
        var flashes = new List<(int, int)>();
        var pieces = new List<EditPiece>();
        var args = new List<string>();
        var graph = new List<string>();
        var length = 0;
        var tb = rate == "30000/1001" ? "1001/30000" : $"1/{rate}";
        for (var i = 0; i < plans.Count; i++)
        {
            var p = plans[i];
            args.AddRange(["-i", Piece(p, rate, fps, w, h)]);
            graph.Add($"[{i}:v]settb={tb},setpts=N[p{i}]");
            int start;
            if (i == 0) { graph.Add("[p0]null[s0]"); start = 0; length = p.Frames; }
            else if (p.D == 0)
            {
                graph.Add($"[s{i - 1}][p{i}]concat=n=2:v=1:a=0,settb={tb},setpts=N[s{i}]");
                truth.Add(new(p.Join, length, length));
                start = length;
                length += p.Frames;
            }
            else
            {
                var transition = p.Join switch { "dissolve" or "dissolve-similar" => "fade", _ => p.Join };
                var kind = p.Join.StartsWith("wipe", StringComparison.Ordinal) ? "wipe" : p.Join;
                graph.Add($"[s{i - 1}][p{i}]xfade=transition={transition}:duration={Tools.F(p.D / fps, 6)}:offset={Tools.F((length - p.D) / fps, 6)},settb={tb},setpts=N[s{i}]");
                truth.Add(new(kind, length - p.D, length - 1));
                start = length - p.D;
                length += p.Frames - p.D;
            }
            pieces.Add(new EditPiece($"{p.Shot.Name}/{p.View}", start, start + p.Frames - 1));
            if (p.FlashAt is { } at) flashes.Add((start + at, start + at + 1));
        }
        if (!File.Exists(path))
        {
            Tools.Ffmpeg([.. args, "-filter_complex", string.Join(';', graph), "-map", $"[s{plans.Count - 1}]", "-an",
                "-c:v", "libx264", "-preset", "veryfast", "-crf", crf.ToString(CultureInfo.InvariantCulture), "-r", rate, "-pix_fmt", "yuv420p", path + ".tmp.mp4"]);
            var n = Tools.CountFrames(path + ".tmp.mp4");
            if (n != length) throw new InvalidOperationException($"{path}: {n} frames, {length} expected from the edit");
            File.Move(path + ".tmp.mp4", path);
            File.WriteAllLines(Path.ChangeExtension(path, ".truth.csv"),
                ["kind,start,end,setup", .. truth.Select(t => $"{t.Kind},{t.Start},{t.End},"), .. flashes.Select(f => $"flash,{f.Item1},{f.Item2},"),
                 .. pieces.Select(p => $"piece,{p.First},{p.Last},{p.Setup}")]);
        }
        return new EditTruth(truth, flashes, pieces);
    }

    // One piece at the edit's size and rate; a revisit is degraded (softened and coarsely encoded) so it differs
    // from its first appearance in quality as well as in moment.
    private string Piece(Plan p, string rate, double fps, int w, int h)
    {
        var flash = p.FlashAt is { } at ? $"-{p.FlashKind}{at}" : "";
        var file = Path.Combine(cacheFolder,
            $"gpiece-{p.Shot.Name}-{p.View}-{p.Offset:F3}-{p.Frames}-{w}x{h}-{fps:F2}{(p.Degraded ? "-lq" : "")}{flash}.mp4");
        if (File.Exists(file)) return file;
        var view = p.View switch
        {
            "tl" => "crop=trunc(iw*0.6/2)*2:trunc(ih*0.6/2)*2:0:0,",
            "br" => "crop=trunc(iw*0.6/2)*2:trunc(ih*0.6/2)*2:trunc(iw*0.4/2)*2:trunc(ih*0.4/2)*2,",
            _ => "",
        };
        var start = p.Shot.Start + p.Offset;
        var vf = $"trim=start={Tools.F(start, 4)}:end={Tools.F(p.Shot.End, 4)},setpts=PTS-STARTPTS,{view}"
            + $"scale={w}:{h}:force_original_aspect_ratio=decrease,pad={w}:{h}:(ow-iw)/2:(oh-ih)/2,setsar=1,fps={rate},format=yuv420p";
        if (p.Degraded) vf += $",scale={w / 2 / 2 * 2}:{h / 2 / 2 * 2},scale={w}:{h},eq=contrast=1.08:saturation=0.9";
        if (p.FlashAt is { } f)
        {
            var enable = $"between(n\\,{f}\\,{f + 1})";
            vf += p.FlashKind == "white"
                ? $",drawbox=x=0:y=0:w=iw:h=ih:color=white:t=fill:enable='{enable}'"
                : $",eq=brightness=0.45:contrast=0.7:enable='{enable}'";
        }
        Tools.Ffmpeg("-i", Path.Combine(mediaFolder, p.Shot.File), "-vf", vf, "-frames:v", p.Frames.ToString(Tools.Inv), "-an",
            "-c:v", "libx264", "-preset", "veryfast", "-crf", p.Degraded ? "32" : "14", file + ".tmp.mp4");
        var n = Tools.CountFrames(file + ".tmp.mp4");
        if (n != p.Frames) throw new InvalidOperationException($"{file}: {n} frames, {p.Frames} expected");
        File.Move(file + ".tmp.mp4", file);
        return file;
    }
}

/// <summary>Per transition kind: truth count, matched, false detections attributed to it.</summary>
public sealed record KindScore(string Set, string Kind, int Truth, int Matched, int False)
{
    public double Precision => Matched + False == 0 ? 1 : (double)Matched / (Matched + False);
    public double Recall => Truth == 0 ? 1 : (double)Matched / Truth;
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);
}

/// <summary>One generated edit's scores: boundaries, flashes and revisit links.</summary>
public sealed record EditScore(string Set, int Seed, string Format, CompilationScore Boundaries, List<(string Kind, bool Matched)> PerTruth,
    List<string> FalseKinds, int RevisitsExpected, int RevisitsLinked, int DuplicateVerdicts, int WrongDuplicates)
{
    /// <summary>Every pair of eligible shots: its similarity less its own threshold (linked from 0), and whether the two show one setup.</summary>
    public List<(double Margin, bool Same)> Pairs { get; init; } = [];

    /// <summary>Shots left out of the revisit score because a missed boundary left them spanning two setups.</summary>
    public int MixedShots { get; init; }

    /// <summary>Links to such a shot from a later clean shot of one of its setups, left out of the revisit precision (<see cref="RevisitScore.ToMixed"/>).</summary>
    public int LinksToMixed { get; init; }
}

/// <summary>Scores segmentation on generated edits (revisit grouping: <see cref="Revisits"/>).</summary>
public static class EditScoring
{
    private const int Tolerance = 2;

    public static async Task<EditScore> ScoreAsync(string set, GeneratedEdits.Edit edit, TextWriter log)
    {
        var probe = await new VideoProber(new MediaOptions()).ProbeAsync(edit.Path);
        var analysis = await new ShotAnalyzer(new MediaOptions()).AnalyzeAsync(edit.Path, probe);
        var found = analysis.Boundaries.Select(b => b.Frame).ToList();
        var truth = edit.Truth.Transitions;
        var used = new bool[found.Count];
        var perTruth = new List<(string, bool)>();
        foreach (var t in truth)
        {
            var best = -1;
            for (var i = 0; i < found.Count; i++)
                if (!used[i] && found[i] >= t.Start - Tolerance && found[i] <= t.End + Tolerance
                    && (best < 0 || Math.Abs(found[i] - t.Start) < Math.Abs(found[best] - t.Start))) best = i;
            if (best >= 0) used[best] = true;
            perTruth.Add((t.Kind, best >= 0));
        }
        var falseKinds = new List<string>();
        var flashFalse = 0;
        for (var i = 0; i < found.Count; i++)
        {
            if (used[i]) continue;
            var f = found[i];
            if (edit.Truth.Flashes.Any(fl => f >= fl.Start - Tolerance && f <= fl.End + Tolerance)) { flashFalse++; falseKinds.Add("flash"); continue; }
            // Blame the nearest transition's kind; "inside a shot" when none is near.
            var nearest = truth.OrderBy(t => Math.Min(Math.Abs(f - t.Start), Math.Abs(f - t.End))).FirstOrDefault();
            falseKinds.Add(nearest is not null && Math.Min(Math.Abs(f - nearest.Start), Math.Abs(f - nearest.End)) <= 12 ? nearest.Kind : "inside-shot");
        }
        var matched = perTruth.Count(x => x.Item2);
        var p = found.Count == 0 ? 1 : (double)matched / found.Count;
        var r = truth.Count == 0 ? 1 : (double)matched / truth.Count;
        var score = new CompilationScore($"{set}-{edit.Seed}", truth.Count, found.Count, matched, p, r, p + r == 0 ? 0 : 2 * p * r / (p + r),
            flashFalse, edit.Truth.Flashes.Count);

        log.WriteLine($"  {set}-{edit.Seed,-5} {edit.Width}x{edit.Height} {edit.Fps:F2} fps crf {edit.Crf}: F1 {score.F1:F3} ({matched}/{truth.Count}, {found.Count} found), flash cuts {flashFalse}");
        log.WriteLine($"    truth {string.Join(' ', truth.Select((t, i) => $"{(perTruth[i].Item2 ? "" : "MISS:")}{t.Kind}@{(t.Start == t.End ? $"{t.Start}" : $"{t.Start}-{t.End}")}"))}");
        log.WriteLine($"    found {string.Join(' ', analysis.Boundaries.Select((b, i) => $"{(used[i] ? "" : "FALSE:")}{b.Frame}{(b.Kind == TransitionKind.Cut ? "" : $"({b.Kind})")}"))}");
        // Revisit links are scored on the pipeline's own verdicts (Revisits), not here.
        return new EditScore(set, edit.Seed, $"{edit.Width}x{edit.Height}@{edit.Fps:F2} crf{edit.Crf}", score, perTruth, falseKinds, 0, 0, 0, 0);
    }

    /// <summary>Totals per transition kind over a set of edits, with "all" first.</summary>
    public static List<KindScore> ByKind(string set, IReadOnlyList<EditScore> edits)
    {
        var kinds = edits.SelectMany(e => e.PerTruth.Select(t => t.Kind)).Distinct().Order().ToList();
        var rows = new List<KindScore>
        {
            new(set, "all", edits.Sum(e => e.PerTruth.Count), edits.Sum(e => e.PerTruth.Count(t => t.Matched)), edits.Sum(e => e.FalseKinds.Count)),
        };
        foreach (var k in kinds)
            rows.Add(new(set, k, edits.Sum(e => e.PerTruth.Count(t => t.Kind == k)), edits.Sum(e => e.PerTruth.Count(t => t.Kind == k && t.Matched)),
                edits.Sum(e => e.FalseKinds.Count(f => f == k))));
        rows.Add(new(set, "flash", edits.Sum(e => e.Boundaries.Flashes), 0, edits.Sum(e => e.FalseKinds.Count(f => f == "flash"))));
        rows.Add(new(set, "inside-shot", 0, 0, edits.Sum(e => e.FalseKinds.Count(f => f == "inside-shot"))));
        return rows;
    }
}
