using System.Globalization;
using MassTransit;
using Matchcut.AllInOne;
using Matchcut.Contracts;
using Matchcut.Pipeline;
using Matchcut.ServiceDefaults;
using Matchcut.Score;
using Matchcut.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Matchcut.Bench;

/// <summary>One labelled pair of bench/match-pairs.csv: in title, the shot at ASec and the shot at BSec, a flavour, good or bad, and its split.</summary>
public sealed record LabelledPair(string Title, double ASec, double BSec, string Flavour, bool Good, string Split);

/// <summary>Per encoder, flavour and split: AP of the pipeline's ranking against the random baseline, recall of the good pairs in the top 10.</summary>
public sealed record FlavourScore(string Encoder, string Split, string Flavour, int Labelled, int Good, double Ap, double RandomAp, double RecallAt10);

/// <summary>Dedup on A, B, A' splices: A' must be dropped as a duplicate of A, nothing else dropped.</summary>
public sealed record DedupScore(string Encoder, int Splices, int TruePositives, int FalsePositives, int FalseNegatives, double Precision, double Recall);

/// <summary>
/// The labelled evaluation of match quality. Runs the whole embedded pipeline (a fresh store per encoder) on each title
/// of bench/match-pairs.csv (a file of the shared media, or "match-reel": a reel cut from real shots and from windows
/// moving over real frames, built here) and ranks every candidate pair of each flavour the way Score does, without
/// the top-K cut: frame pairs by the end of one shot against the start of the other (the better direction of the two),
/// motion and camera by cosine with near-still shots ranked last, silhouettes by mask IoU (shots without one last).
/// </summary>
public sealed class MatchEval(string mediaFolder, string cacheFolder, string labelsFile)
{
    public const string Reel = "match-reel";
    private const int Fps = 24;

    // A reel piece: a real shot (file, first source frame, source fps) or a window over one real frame moving by a crop
    // expression (Move set; the frame is scaled to 1280x720 first), Frames long at 24 fps.
    private sealed record Piece(string Name, string File, int First, double SourceFps, int Frames, string? Move = null);

    // Windows of 960x540 over a 1280x720 frame, scaled to 640x360: 100 px/s pans at 0.10 frame widths per second.
    private static readonly Piece[] ReelPieces =
    [
        new("leaf", "testvideo.mp4", 32, 29.97, 48),
        new("two-women", "issue-195-aspect-ratio.mp4", 172, 25, 48),
        new("bunny-tilt-down", "bbb_0_30.webm", 60, 24, 72),
        new("hands", "issue-195-aspect-ratio.mp4", 2, 25, 48),
        new("screen-people", "issue-134-rotate.mp4", 212, 23.976, 26),
        new("deer", "testvideo.mp4", 243, 29.97, 48),
        new("pan-right-leaf", "testvideo.mp4", 100, 29.97, 48, "crop=960:540:x='t*100':y=90"),
        new("screen-search", "issue-134-rotate.mp4", 92, 23.976, 48),
        new("jug", "issue-195-aspect-ratio.mp4", 303, 25, 48),
        new("pan-right-fast-deer", "testvideo.mp4", 300, 29.97, 48, "crop=960:540:x='t*160':y=90"),
        new("leaf-other-light", "testvideo.mp4", 426, 29.97, 48),
        new("pan-left-two-women", "issue-195-aspect-ratio.mp4", 235, 25, 48, "crop=960:540:x='300-t*100':y=90"),
        new("bird", "bbb_0_30.webm", 378, 24, 48),
        new("hands-again", "issue-195-aspect-ratio.mp4", 486, 25, 48),
        new("zoom-in-jug", "issue-195-aspect-ratio.mp4", 360, 25, 48, "zoompan=z='1+0.006*on':x='iw/2-(iw/zoom/2)':y='ih/2-(ih/zoom/2)':d=1:s=640x360:fps=24"),
        new("screen-send", "issue-134-rotate.mp4", 2, 23.976, 48),
        new("tyre", "testvideo.mp4", 561, 29.97, 48),
        new("pan-right-slow-stream", "bbb_0_30.webm", 330, 24, 48, "crop=960:540:x='t*40':y=90"),
        new("bunny-burrow", "bbb_0_30.webm", 553, 24, 40),
    ];

    // A, B, A' splices: 36 frames of shot A, 36 of B, then 36 frames of A from 1.5 s later.
    private static readonly (Piece A, Piece B, double Later)[] Splices =
    [
        (ReelPieces[0], ReelPieces[5], 1.5), (ReelPieces[1], ReelPieces[8], 1.5), (ReelPieces[13], ReelPieces[16], 1.5),
        (ReelPieces[12], ReelPieces[10], 2.5), (ReelPieces[7], ReelPieces[4], 1.5), (ReelPieces[16], ReelPieces[1], 1.5),
    ];

    public static IReadOnlyList<LabelledPair> ReadLabels(string path) =>
        File.ReadLines(path).Where(l => l.Length > 0 && !l.StartsWith('#')).Skip(1).Select(l => l.Split(','))
            .Select(c => new LabelledPair(c[0], double.Parse(c[1], CultureInfo.InvariantCulture), double.Parse(c[2], CultureInfo.InvariantCulture),
                c[3], c[4] switch { "good" => true, "bad" => false, _ => throw new InvalidDataException($"label '{c[4]}' in {path}") }, c[5]))
            .ToList();

    /// <summary>Where each reel piece lies, in seconds of the reel (for labelling by eye: extract frames at these times).</summary>
    public static IEnumerable<(string Name, double Start, double End)> ReelLayout()
    {
        var at = 0;
        foreach (var p in ReelPieces)
        {
            yield return (p.Name, at / (double)Fps, (at + p.Frames) / (double)Fps);
            at += p.Frames;
        }
    }

    public async Task<(List<FlavourScore> Flavours, DedupScore Dedup)> RunAsync(string encoder, TextWriter log)
    {
        Directory.CreateDirectory(cacheFolder);
        var labels = ReadLabels(labelsFile);
        var store = Path.Combine(cacheFolder, $"store-{encoder}");
        if (Directory.Exists(store)) Directory.Delete(store, recursive: true);
        using var host = AllInOneHost.Build(new Dictionary<string, string?>
        {
            ["Storage:Root"] = store,
            ["Media:ScratchFolder"] = Path.Combine(cacheFolder, "scratch"),
            ["Ingest:AllowedRoots:0"] = mediaFolder,
            ["Ingest:AllowedRoots:1"] = cacheFolder,
            ["Embedding:FrameEncoder"] = encoder,
            ["Logging:LogLevel:Default"] = "Warning",
        });
        await host.StartAsync();
        try
        {
            var ranked = new Dictionary<string, TitleRanking>();
            foreach (var title in labels.Select(l => l.Title).Distinct())
            {
                var source = title == Reel ? BuildReel() : Path.Combine(mediaFolder, title);
                var assetId = await LandAsync(host, $"eval-{encoder}-{Path.GetFileNameWithoutExtension(title)}", source);
                ranked[title] = await RankAsync(host.Services.GetRequiredService<IObjectStore>(), assetId);
                log.WriteLine($"  {encoder,-14} {title}: {ranked[title].ShotCount} shots kept");
            }
            var scores = new List<FlavourScore>();
            foreach (var split in new[] { "all", "tune", "heldout" })
            foreach (var flavour in Flavours.All)
            {
                var rows = labels.Where(l => l.Flavour == flavour && (split == "all" || l.Split == split)).ToList();
                if (rows.Count == 0) continue;
                scores.Add(Score(encoder, split, flavour, rows, ranked));
            }
            return (scores, await DedupAsync(host, encoder));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    /// <summary>Every candidate pair of a title per flavour, best first, and the kept shots' time spans.</summary>
    private sealed record TitleRanking(int ShotCount, Dictionary<string, List<(int A, int B, double Score)>> Pairs, List<ShotRecord> Shots, int MinGap);

    internal static async Task<string> LandAsync(IHost host, string titleId, string source)
    {
        var outcome = host.Services.GetRequiredService<PipelineTracker>().Expect(titleId, source);
        await host.Services.GetRequiredService<IBus>().Publish(new AssetLanded(titleId, source));
        var landed = await outcome.WaitAsync(TimeSpan.FromMinutes(20));
        if (!landed.Succeeded) throw new InvalidOperationException($"{source}: {landed.Failed?.Stage} failed: {landed.Failed?.Reason}");
        return landed.AssetId!;
    }

    private static async Task<TitleRanking> RankAsync(IObjectStore store, string assetId)
    {
        var shots = await store.GetJsonAsync<ShotList>(SegmentFeature.Shots(assetId));
        var set = await store.GetJsonAsync<EmbeddingSet>(EmbedFeature.Embeddings(assetId));
        var all = new ScoringOptions { TopK = 1_000_000 };
        var pairs = new Dictionary<string, List<(int, int, double)>>();
        foreach (var f in set.Flavours.Where(f => f.Flavour != Flavours.Silhouette)) // silhouettes: mask IoU below
        {
            IReadOnlyList<MatchPair> ranked;
            if (f.Flavour == Flavours.Frame && set.Boundaries is { } b)
            {
                // Either direction can be cut: a pair of shots scores its better direction.
                var (tails, heads) = (await store.GetFloatsAsync(b.TailKey), await store.GetFloatsAsync(b.HeadKey));
                ranked = PairScorer.TopBoundaryPairs(set.ShotIndices, tails, heads, b.TailFrames, b.HeadFrames, b.Dimension, all);
            }
            else
            {
                var vectors = await store.GetFloatsAsync(f.VectorsKey);
                ranked = PairScorer.TopPairs(set.ShotIndices, vectors, f.Dimension, all, f.LeftOut);
            }
            pairs[f.Flavour] = Undirected(ranked);
        }
        if (set.AnnotationsKey is { } key && await store.TryGetJsonAsync<ShotAnnotationSet>(key) is { } annotations && annotations.Shots.Any(a => a.Scale is not null))
            pairs[Flavours.Silhouette] = Undirected(SilhouetteScorer.TopPairs(
                annotations.Shots.Where(a => a.Silhouette is not null).Select(a => (a.Shot, a.Silhouette!)).ToList(), all));
        return new TitleRanking(set.ShotIndices.Count, pairs, shots.Shots.ToList(), all.MinShotGap);
    }

    private static List<(int A, int B, double Score)> Undirected(IReadOnlyList<MatchPair> ranked) =>
        ranked.GroupBy(p => (Math.Min(p.A, p.B), Math.Max(p.A, p.B))).Select(g => (g.Key.Item1, g.Key.Item2, g.Max(p => p.Score)))
            .OrderByDescending(p => p.Item3).ToList();

    private static FlavourScore Score(string encoder, string split, string flavour, List<LabelledPair> rows, Dictionary<string, TitleRanking> ranked)
    {
        // One ranking over every candidate pair of every title (scores are comparable cosines / IoUs); pairs a flavour
        // leaves out (still shots, shots without a silhouette) rank below all others.
        var candidates = new List<(string Title, int A, int B, double Score)>();
        foreach (var (title, r) in ranked)
            if (r.Pairs.TryGetValue(flavour, out var list)) candidates.AddRange(list.Select(p => (title, p.A, p.B, p.Score)));
        var scoreOf = candidates.ToDictionary(c => (c.Title, c.A, c.B), c => c.Score);
        var labelled = new List<(double Score, bool Good)>();
        var goodKeys = new List<(string, int, int)>();
        foreach (var row in rows)
        {
            var r = ranked[row.Title];
            int a = ShotAt(r.Shots, row.ASec), b = ShotAt(r.Shots, row.BSec);
            var key = (row.Title, Math.Min(a, b), Math.Max(a, b));
            if (Math.Abs(a - b) < r.MinGap) throw new InvalidDataException($"{row}: shots {a} and {b} are neighbours, never candidates");
            labelled.Add((scoreOf.GetValueOrDefault(key, double.NegativeInfinity), row.Good));
            if (row.Good) goodKeys.Add(key);
        }
        // Ties (e.g. every left-out pair at -inf) count pessimistically: bad pairs first.
        var order = labelled.OrderByDescending(l => l.Score).ThenBy(l => l.Good).ToList();
        double hits = 0, sum = 0;
        for (var i = 0; i < order.Count; i++)
            if (order[i].Good) sum += ++hits / (i + 1);
        var good = labelled.Count(l => l.Good);
        var top10 = candidates.OrderByDescending(c => c.Score).Take(10).Select(c => (c.Title, c.A, c.B)).ToHashSet();
        return new FlavourScore(encoder, split, flavour, labelled.Count, good, good == 0 ? 0 : sum / good,
            labelled.Count == 0 ? 0 : (double)good / labelled.Count, good == 0 ? 0 : (double)goodKeys.Count(top10.Contains) / good);
    }

    private static int ShotAt(List<ShotRecord> shots, double sec) =>
        shots.FirstOrDefault(s => s.StartSec <= sec && sec < s.EndSec)?.Index ?? throw new InvalidDataException($"no shot at {sec} s");

    private async Task<DedupScore> DedupAsync(IHost host, string encoder)
    {
        int tp = 0, fp = 0, fn = 0;
        var store = host.Services.GetRequiredService<IObjectStore>();
        for (var i = 0; i < Splices.Length; i++)
        {
            var (a, b, later) = Splices[i];
            var path = Path.Combine(cacheFolder, $"splice-{i}-{a.Name}-{b.Name}.mp4");
            if (!File.Exists(path))
                Concat(path, [Clip(a, 0, 36), Clip(b, 0, 36), Clip(a, later, 36)]);
            var assetId = await LandAsync(host, $"eval-{encoder}-splice-{i}", path);
            var dedup = await store.GetJsonAsync<DedupResult>(DedupFeature.Dedup(assetId));
            var aPrime = dedup.Shots.LastOrDefault(s => s.Index > 0);
            var found = dedup.Shots.Count == 3 && aPrime is { DropReason: "duplicate", DuplicateOf: 0 };
            if (found) tp++; else fn++;
            fp += dedup.Shots.Count(s => s.DropReason == "duplicate" && !(found && s == aPrime));
        }
        return new DedupScore(encoder, Splices.Length, tp, fp, fn, tp + fp == 0 ? 0 : (double)tp / (tp + fp), (double)tp / Splices.Length);
    }

    private string BuildReel()
    {
        var path = Path.Combine(cacheFolder, $"{Reel}.mp4");
        if (!File.Exists(path)) Concat(path, ReelPieces.Select(p => Clip(p, 0, p.Frames)).ToList());
        return path;
    }

    /// <summary>A 640x360, 24 fps piece: Frames from the real shot starting Offset seconds in, or the moving window over its first frame.</summary>
    private string Clip(Piece p, double offset, int frames)
    {
        var path = Path.Combine(cacheFolder, $"piece-{p.Name}-{offset:F1}-{frames}.mp4");
        if (File.Exists(path)) return path;
        var start = p.First + (int)Math.Round(offset * p.SourceFps);
        // Square pixels first (issue-195 has a 16:11 sample aspect), then fit 640x360 keeping the display aspect.
        var fit = "scale='trunc(iw*sar/2)*2':ih,setsar=1,scale=640:360:force_original_aspect_ratio=decrease,pad=640:360:(ow-iw)/2:(oh-ih)/2,setsar=1";
        if (p.Move is null)
        {
            Tools.Ffmpeg("-i", Path.Combine(mediaFolder, p.File), "-vf",
                $"trim=start_frame={start},setpts=PTS-STARTPTS,{fit},fps={Fps},format=yuv420p",
                "-frames:v", frames.ToString(Tools.Inv), "-an", "-c:v", "libx264", "-preset", "veryfast", "-crf", "16", path);
        }
        else
        {
            var still = path + ".png";
            Tools.Ffmpeg("-i", Path.Combine(mediaFolder, p.File), "-vf", $"select=eq(n\\,{start}),scale=1280:720,setsar=1", "-frames:v", "1", still);
            var move = p.Move.StartsWith("zoompan", StringComparison.Ordinal) ? p.Move : $"{p.Move},scale=640:360";
            Tools.Ffmpeg("-loop", "1", "-framerate", Fps.ToString(Tools.Inv), "-i", still, "-vf", $"{move},setsar=1,format=yuv420p",
                "-frames:v", frames.ToString(Tools.Inv), "-c:v", "libx264", "-preset", "veryfast", "-crf", "16", path);
            File.Delete(still);
        }
        return path;
    }

    private static void Concat(string path, IReadOnlyList<string> pieces)
    {
        var args = new List<string>();
        foreach (var p in pieces) args.AddRange(["-i", p]);
        var inputs = string.Concat(pieces.Select((_, i) => $"[{i}:v]"));
        Tools.Ffmpeg([.. args, "-filter_complex", $"{inputs}concat=n={pieces.Count}:v=1:a=0[v]", "-map", "[v]", "-an", "-r", "24",
            "-c:v", "libx264", "-preset", "veryfast", "-crf", "16", path + ".tmp.mp4"]);
        File.Move(path + ".tmp.mp4", path);
    }
}
