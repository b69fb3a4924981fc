namespace Matchcut.Bench;

/// <summary>A clip with transitions labelled by eye (bench/truth/real-edits.csv) or known by construction, and its split.</summary>
public sealed record RealClip(string Name, string Path, string Split, List<TruthTransition> Truth, List<(int Start, int End)> Flashes);

/// <summary>
/// The real-edit truth: professionally edited clips and single recordings labelled frame by frame by eye, plus edits
/// made here from real footage (cuts next to white flashes, fades through white, text cards on black, low-contrast
/// cuts, pillarboxed portrait footage) whose truth is known by construction. Each is tune or held-out by file, fixed
/// before any tuning; the held-out clips use footage that no tune clip uses.
/// </summary>
public sealed class RealEdits(string mediaFolder, string cacheFolder, string truthCsv)
{
    private const int Fps = 30;
    private const int Width = 640;
    private const int Height = 360;

    // A piece: source file (or "card:TEXT" for white words on black), first source frame, output frames, how it joins the
    // previous piece ("cut", or an xfade transition "fade", "fadewhite", "fadeblack" over D frames), the kind the truth
    // names the join by, white flashes (frame inside the piece, length), and a low-contrast grade.
    private sealed record Piece(string Source, int From, int Frames, string Join = "cut", int D = 0, string? Kind = null,
        (int At, int Len)[]? Flashes = null, bool LowContrast = false);

    private static readonly (string Name, string Split, Piece[] Pieces)[] Built =
    [
        ("made-flash-cuts-tune", "tune", [new("nd_mdn_elf.mp4", 0, 50), new("nd_mdn_frog.mp4", 0, 50, Kind: "cut-near-flash", Flashes: [(4, 2)]),
            new("nd_mdn_crystal.mp4", 0, 50, Flashes: [(44, 1)]), new("nd_tmk_chair_orig_22s_sd.mp4", 100, 50, Kind: "cut-near-flash"),
            new("nd_mdn_elf.mp4", 150, 60, "fadewhite", 20, "fade-white")]),
        ("made-cards-tune", "tune", [new("card:GET READY", 0, 40), new("card:ONE BIG RABBIT", 0, 40, Kind: "cut-card"),
            new("nd_tmk_chair_orig_22s_sd.mp4", 200, 60, "fadeblack", 15, "fade-black"), new("card:THE END", 0, 40, Kind: "cut-card")]),
        ("made-low-contrast-tune", "tune", [new("nd_mdn_frog.mp4", 60, 50, LowContrast: true),
            new("nd_mdn_crystal.mp4", 60, 50, Kind: "cut-low-contrast", LowContrast: true),
            new("nd_mdn_elf.mp4", 60, 50, Kind: "cut-low-contrast", LowContrast: true), new("nd_mdn_frog.mp4", 150, 60, "fade", 30, "dissolve"),
            new("nd_mdn_crystal.mp4", 200, 60, "fadewhite", 45, "fade-white")]),
        ("made-flash-cuts-heldout", "heldout", [new("nd_mdn_monster.mp4", 0, 50), new("nd_mdn_pig.mp4", 0, 50, Kind: "cut-near-flash", Flashes: [(6, 2)]),
            new("nd_mdn_rabbit_720x480.mp4", 0, 50, Flashes: [(45, 2)]), new("nd_tmk_doorknob_hd.mp4", 0, 50, Kind: "cut-near-flash"),
            new("nd_tmk_pattern_hd.mp4", 0, 60, "fadewhite", 20, "fade-white")]),
        ("made-cards-heldout", "heldout", [new("card:SOMETHING NEW", 0, 40), new("card:COMING SOON", 0, 40, Kind: "cut-card"),
            new("pexels_butterfly_dissolve_426x240.mp4", 300, 60, "fadeblack", 15, "fade-black"), new("card:NOW SHOWING", 0, 40, Kind: "cut-card")]),
        ("made-low-contrast-heldout", "heldout", [new("nd_mdn_monster.mp4", 60, 50, LowContrast: true),
            new("nd_mdn_pig.mp4", 60, 50, Kind: "cut-low-contrast", LowContrast: true),
            new("nd_mdn_rabbit_720x480.mp4", 60, 50, Kind: "cut-low-contrast", LowContrast: true),
            new("nd_tmk_doorknob_hd.mp4", 40, 60, "fade", 30, "dissolve"), new("pexels_city_timelapse_cc0.mpg", 0, 60, "fadewhite", 45, "fade-white")]),
    ];

    public List<RealClip> Clips()
    {
        Directory.CreateDirectory(cacheFolder);
        var clips = new List<RealClip>();
        foreach (var group in File.ReadLines(truthCsv).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).GroupBy(c => c[0]))
        {
            var rows = group.ToList();
            var truth = rows.Where(c => c[1] != "none").Select(c => new TruthTransition(c[1], int.Parse(c[2], Tools.Inv), int.Parse(c[3], Tools.Inv))).ToList();
            clips.Add(new(group.Key, Path.Combine(mediaFolder, group.Key), rows[0][4], truth, []));
        }
        clips.AddRange(Built.Select(b => Build(b.Name, b.Split, b.Pieces)));
        return clips;
    }

    private string PieceFile(Piece p)
    {
        var flashes = p.Flashes ?? [];
        var name = p.Source.StartsWith("card:", StringComparison.Ordinal) ? "card-" + p.Source[5..].Replace(' ', '_') : Path.GetFileNameWithoutExtension(p.Source);
        var file = Path.Combine(cacheFolder, $"real-piece-{name}-{p.From}-{p.Frames}{(p.LowContrast ? "-low" : "")}{string.Concat(flashes.Select(f => $"-w{f.At}x{f.Len}"))}.mp4");
        if (File.Exists(file)) return file;
        var vf = $"scale={Width}:{Height}:force_original_aspect_ratio=decrease,pad={Width}:{Height}:(ow-iw)/2:(oh-ih)/2,setsar=1,format=yuv420p";
        if (p.LowContrast) vf += ",eq=contrast=0.35:brightness=-0.12:saturation=0.5";
        foreach (var f in flashes) vf += $",drawbox=x=0:y=0:w=iw:h=ih:color=white:t=fill:enable='between(n\\,{f.At}\\,{f.At + f.Len - 1})'";
        List<string> input = p.Source.StartsWith("card:", StringComparison.Ordinal)
            ? ["-f", "lavfi", "-i", $"color=black:s={Width}x{Height}:r={Fps}:d={p.Frames / (double)Fps + 1}"]
            : ["-i", Path.Combine(mediaFolder, p.Source)];
        var head = p.Source.StartsWith("card:", StringComparison.Ordinal)
            ? $"drawtext=fontfile=/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf:text='{p.Source[5..]}':fontcolor=white:fontsize=40:x=(w-tw)/2:y=(h-th)/2,"
            : $"trim=start_frame={p.From},setpts=PTS-STARTPTS,fps={Fps},";
        Tools.Ffmpeg([.. input, "-vf", head + vf, "-frames:v", p.Frames.ToString(Tools.Inv), "-an", "-c:v", "libx264", "-preset", "veryfast", "-crf", "18", file + ".tmp.mp4"]);
        var n = Tools.CountFrames(file + ".tmp.mp4");
        if (n != p.Frames) throw new InvalidOperationException($"{file}: {n} frames, {p.Frames} expected (is the source long enough?)");
        File.Move(file + ".tmp.mp4", file);
        return file;
    }

    private RealClip Build(string name, string split, Piece[] pieces)
    {
        var path = Path.Combine(cacheFolder, $"{name}.mp4");
        var truth = new List<TruthTransition>();
        var flashes = new List<(int, int)>();
        var args = new List<string>();
        var graph = new List<string>();
        var length = 0;
        for (var i = 0; i < pieces.Length; i++)
        {
            var p = pieces[i];
            args.AddRange(["-i", PieceFile(p)]);
            graph.Add($"[{i}:v]settb=1/{Fps},setpts=N[p{i}]");
            var start = length;
            if (i == 0) graph.Add("[p0]null[s0]");
            else if (p.Join == "cut")
            {
                graph.Add($"[s{i - 1}][p{i}]concat=n=2:v=1:a=0,settb=1/{Fps},setpts=N[s{i}]");
                truth.Add(new(p.Kind ?? "cut", length, length));
            }
            else
            {
                start = length - p.D;
                graph.Add($"[s{i - 1}][p{i}]xfade=transition={p.Join}:duration={Tools.F(p.D / (double)Fps, 6)}:offset={Tools.F(start / (double)Fps, 6)}[s{i}]");
                truth.Add(new(p.Kind ?? p.Join, start, length - 1));
            }
            length = start + p.Frames;
            foreach (var f in p.Flashes ?? []) flashes.Add((start + f.At, start + f.At + f.Len - 1));
        }
        if (!File.Exists(path))
        {
            Tools.Ffmpeg([.. args, "-filter_complex", string.Join(';', graph), "-map", $"[s{pieces.Length - 1}]", "-an",
                "-c:v", "libx264", "-preset", "veryfast", "-crf", "18", "-r", Fps.ToString(Tools.Inv), path + ".tmp.mp4"]);
            var n = Tools.CountFrames(path + ".tmp.mp4");
            if (n != length) throw new InvalidOperationException($"{name}: {n} frames, {length} expected from the edit");
            File.Move(path + ".tmp.mp4", path);
        }
        return new(name, path, split, truth, flashes);
    }
}
