using Matchcut.Analysis.Segmentation;
using Matchcut.Media;

namespace Matchcut.Bench;

/// <summary>One transition written while a compilation is built: a cut (Start == End == first frame of the new shot) or a gradual span.</summary>
public sealed record TruthTransition(string Kind, int Start, int End);

public sealed record CompilationScore(string Name, int Truth, int Detected, int Matched, double Precision, double Recall, double F1, int FlashFalseCuts, int Flashes);

/// <summary>Edited compilations with frame-exact truth, built from single-shot pieces of the shared footage, and their scores.</summary>
public sealed class Quality(string mediaFolder, string cacheFolder)
{
    private const int Tolerance = 2;
    private const int Fps = 24;

    // Pieces lie inside one shot of the source (TRUTH.md): file, first and last source frame of the shot, source fps.
    private sealed record Shot(string File, int First, int Last, double SourceFps);

    private static readonly Dictionary<string, Shot> Shots = new()
    {
        ["bunny1"] = new("bbb_0_30.webm", 60, 280, 24),
        ["bunny2"] = new("bbb_0_30.webm", 285, 373, 24),
        ["bunny3"] = new("bbb_0_30.webm", 378, 548, 24),
        ["leaf"] = new("testvideo.mp4", 32, 177, 29.97),
        ["deer"] = new("testvideo.mp4", 243, 328, 29.97),
        ["leaf2"] = new("testvideo.mp4", 426, 526, 29.97),
        ["tyre"] = new("testvideo.mp4", 561, 661, 29.97),
        ["hands1"] = new("issue-195-aspect-ratio.mp4", 2, 68, 25),
        ["room"] = new("issue-195-aspect-ratio.mp4", 172, 298, 25),
        ["street"] = new("issue-195-aspect-ratio.mp4", 303, 418, 25),
        ["hands2"] = new("issue-195-aspect-ratio.mp4", 486, 625, 25),
        ["rot1"] = new("issue-134-rotate.mp4", 2, 88, 23.976),
        ["rot2"] = new("issue-134-rotate.mp4", 92, 208, 23.976),
    };

    // A step: the piece (shot name, offset in seconds into the shot, frames at 24 fps), how it joins the previous one
    // ("cut", "fade", "fadeblack", "wipeleft", "wiperight", "dissolve") with a transition of D frames, and optional flashes
    // (frame inside the piece, frame count, "white" or "bright").
    private sealed record Step(string Shot, double Offset, int Frames, string Join = "cut", int D = 0, (int At, int Len, string Kind)[]? Flashes = null);

    private static readonly (string Name, Step[] Steps)[] Compilations =
    [
        ("hard-cuts", [new("bunny1", 0, 60), new("leaf", 0, 48), new("room", 0, 60), new("rot1", 0, 50), new("bunny3", 0, 40),
            new("deer", 0, 48), new("street", 0, 60), new("tyre", 0, 60), new("hands2", 0, 48)]),
        ("dissolves", [new("bunny1", 0, 72), new("room", 0, 72, "fade", 12), new("leaf", 0, 72, "fade", 24), new("rot2", 0, 72, "fade", 18),
            new("street", 0, 72, "fade", 12), new("bunny3", 0, 72, "fade", 24)]),
        ("fades-to-black", [new("leaf2", 0, 72), new("hands2", 0, 72, "fadeblack", 24), new("bunny2", 0, 72, "fadeblack", 16),
            new("room", 0, 72, "cut"), new("deer", 0, 60, "fadeblack", 24)]),
        ("wipes", [new("street", 0, 72), new("bunny1", 1, 72, "wipeleft", 12), new("tyre", 0, 72, "wipeleft", 18),
            new("rot1", 0, 72, "wiperight", 12), new("room", 1, 72, "wipeleft", 24)]),
        ("flashes", [new("bunny1", 0, 96, Flashes: [(40, 2, "white")]), new("room", 0, 96, Flashes: [(30, 3, "bright"), (70, 1, "white")]),
            new("leaf", 0, 96, Flashes: [(50, 2, "white")]), new("street", 0, 96, Flashes: [(45, 3, "bright")])]),
        ("revisits", [new("bunny1", 0, 60), new("room", 0, 48), new("bunny1", 4, 60), new("leaf", 0, 48), new("room", 3, 48),
            new("leaf", 2.5, 40, "fade", 12), new("hands1", 0, 48), new("hands2", 0, 48)]),
        ("mixed", [new("rot2", 0, 60), new("bunny3", 0, 60, "cut", Flashes: [(20, 2, "white")]), new("deer", 0, 60, "fade", 16),
            new("street", 0, 60, "wipeleft", 12), new("leaf2", 0, 60, "fadeblack", 20), new("bunny2", 0, 60), new("room", 2, 60, "fade", 10)]),
    ];

    public async Task<List<CompilationScore>> RunAsync(TextWriter log)
    {
        Directory.CreateDirectory(cacheFolder);
        var results = new List<CompilationScore>();
        foreach (var (name, steps) in Compilations)
        {
            var (path, truth, flashes) = Build(name, steps);
            var probe = await new VideoProber(new MediaOptions()).ProbeAsync(path);
            var analysis = await new ShotAnalyzer(new MediaOptions()).AnalyzeAsync(path, probe);
            var score = Score(name, truth, flashes, analysis.Boundaries.Select(b => b.Frame).ToList());
            log.WriteLine($"  {name,-15} truth {string.Join(' ', truth.Select(t => t.Start == t.End ? $"{t.Start}" : $"[{t.Start},{t.End}]"))}");
            log.WriteLine($"  {"",-15} found {string.Join(' ', analysis.Boundaries.Select(b => b.Kind == TransitionKind.Cut ? $"{b.Frame}" : $"{b.Frame}({b.Kind} {b.TransitionStart}-{b.TransitionEnd})"))}");
            results.Add(score);
        }
        return results;
    }

    private static CompilationScore Score(string name, List<TruthTransition> truth, List<(int Start, int End)> flashes, List<int> found)
    {
        var used = new bool[found.Count];
        var matched = 0;
        foreach (var t in truth)
        {
            var best = -1;
            for (var i = 0; i < found.Count; i++)
                if (!used[i] && found[i] >= t.Start - Tolerance && found[i] <= t.End + Tolerance
                    && (best < 0 || Math.Abs(found[i] - t.Start) < Math.Abs(found[best] - t.Start))) best = i;
            if (best >= 0) { used[best] = true; matched++; }
        }
        var flashFalse = found.Where((f, i) => !used[i] && flashes.Any(fl => f >= fl.Start - Tolerance && f <= fl.End + Tolerance)).Count();
        var p = found.Count == 0 ? (truth.Count == 0 ? 1 : 0) : (double)matched / found.Count;
        var r = truth.Count == 0 ? 1 : (double)matched / truth.Count;
        var f1 = p + r == 0 ? 0 : 2 * p * r / (p + r);
        return new CompilationScore(name, truth.Count, found.Count, matched, p, r, f1, flashFalse, flashes.Count);
    }

    private string Piece(Step s)
    {
        var shot = Shots[s.Shot];
        var start = shot.First + (int)Math.Round(s.Offset * shot.SourceFps);
        var available = (int)Math.Floor((shot.Last - start + 1) / shot.SourceFps * Fps) - 1;
        if (available < s.Frames) throw new InvalidOperationException($"{s.Shot}+{s.Offset}s has {available} frames, {s.Frames} asked");
        var flashes = s.Flashes ?? [];
        var tag = string.Join('_', flashes.Select(f => $"{f.Kind}{f.At}x{f.Len}"));
        var path = Path.Combine(cacheFolder, $"piece-{s.Shot}-{s.Offset:F1}-{s.Frames}{(tag.Length > 0 ? "-" + tag : "")}.mp4");
        if (File.Exists(path)) return path;
        var vf = $"trim=start_frame={start}:end_frame={shot.Last + 1},setpts=PTS-STARTPTS,scale=640:360:force_original_aspect_ratio=decrease,"
            + "pad=640:360:(ow-iw)/2:(oh-ih)/2,setsar=1,fps=24,format=yuv420p";
        foreach (var f in flashes)
        {
            var enable = $"between(n\\,{f.At}\\,{f.At + f.Len - 1})";
            vf += f.Kind == "white"
                ? $",drawbox=x=0:y=0:w=iw:h=ih:color=white:t=fill:enable='{enable}'"
                : $",eq=brightness=0.45:contrast=0.7:enable='{enable}'";
        }
        Tools.Ffmpeg("-i", Path.Combine(mediaFolder, shot.File), "-vf", vf, "-frames:v", s.Frames.ToString(Tools.Inv), "-an",
            "-c:v", "libx264", "-preset", "veryfast", "-crf", "16", path + ".tmp.mp4");
        var n = Tools.CountFrames(path + ".tmp.mp4");
        if (n != s.Frames) throw new InvalidOperationException($"{path}: {n} frames, {s.Frames} expected");
        File.Move(path + ".tmp.mp4", path);
        return path;
    }

    private (string Path, List<TruthTransition> Truth, List<(int, int)> Flashes) Build(string name, Step[] steps)
    {
        var path = Path.Combine(cacheFolder, $"compilation-{name}.mp4");
        var truth = new List<TruthTransition>();
        var flashes = new List<(int, int)>();
        var args = new List<string>();
        var graph = new List<string>();
        var length = 0;
        for (var i = 0; i < steps.Length; i++)
        {
            var s = steps[i];
            args.AddRange(["-i", Piece(s)]);
            graph.Add($"[{i}:v]settb=1/24,setpts=N[p{i}]");
            int pieceStart;
            if (i == 0) { graph.Add("[p0]null[s0]"); pieceStart = 0; length = s.Frames; }
            else if (s.Join == "cut")
            {
                graph.Add($"[s{i - 1}][p{i}]concat=n=2:v=1:a=0,settb=1/24,setpts=N[s{i}]");
                truth.Add(new("cut", length, length));
                pieceStart = length;
                length += s.Frames;
            }
            else
            {
                var transition = s.Join == "dissolve" ? "fade" : s.Join;
                graph.Add($"[s{i - 1}][p{i}]xfade=transition={transition}:duration={Tools.F(s.D / 24.0, 6)}:offset={Tools.F((length - s.D) / 24.0, 6)}[s{i}]");
                truth.Add(new(s.Join, length - s.D, length - 1));
                pieceStart = length - s.D;
                length += s.Frames - s.D;
            }
            foreach (var f in s.Flashes ?? []) flashes.Add((pieceStart + f.At, pieceStart + f.At + f.Len - 1));
        }
        if (!File.Exists(path))
        {
            Tools.Ffmpeg([.. args, "-filter_complex", string.Join(';', graph), "-map", $"[s{steps.Length - 1}]", "-an",
                "-c:v", "libx264", "-preset", "veryfast", "-crf", "16", "-r", "24", path + ".tmp.mp4"]);
            var n = Tools.CountFrames(path + ".tmp.mp4");
            if (n != length) throw new InvalidOperationException($"{name}: {n} frames, {length} expected from the edit");
            File.Move(path + ".tmp.mp4", path);
            File.WriteAllLines(Path.ChangeExtension(path, ".truth.csv"),
                ["kind,start,end", .. truth.Select(t => $"{t.Kind},{t.Start},{t.End}"), .. flashes.Select(f => $"flash,{f.Item1},{f.Item2}")]);
        }
        return (path, truth, flashes);
    }
}
