using Matchcut.BenchResults;

namespace Matchcut.Bench;

/// <summary>Builds (once, cached under .artifacts/bench/) a 1080p24 (or smaller) H.264 input from every clip in the shared media folder.</summary>
public static class LongInput
{
    /// <summary>Feature length (90 min) for the full run; the quick run takes 5 min.</summary>
    public const double FeatureSeconds = 5400, QuickSeconds = 300;

    /// <summary>The feature-length input's frame height (640x360, the pipeline's standardized size) so that 90 min fit a bench run.</summary>
    public const int FeatureHeight = 360;
    private static readonly string[] Clips =
    [
        "bbb_0_30.webm", "testvideo.mp4", "issue-195-aspect-ratio.mp4", "goldeneye-vfr-drop3.mp4", "issue-134-rotate.mp4",
        "sintel_5s.mp4", "fades.mp4", "counter.mp4", "delayed_start.mp4",
    ];

    /// <summary>One pass over all clips (about two minutes), scaled/padded to 16:9 at <paramref name="height"/>, 24 fps, libx264;
    /// then repeated with stream copy until <paramref name="minSeconds"/> is reached (quick mode trims one pass instead).</summary>
    /// <param name="grain">Film grain (temporal noise) encoded at a feature's bit rate (10 Mbit/s, so 90 min are over 6 GiB)
    /// instead of CRF 20, whose clean upscaled clips need a fraction of that.</param>
    public static string Ensure(string mediaFolder, string cacheFolder, double minSeconds, int height = 1080, bool grain = false)
    {
        var size = $"{height}p24{(grain ? "-grain" : "")}";
        var cycle = Cycle(mediaFolder, cacheFolder, height, grain);
        return Repeated(cycle, cacheFolder, minSeconds, size);
    }

    /// <summary>One pass over all clips at the given height, 16:9, 24 fps (built once).</summary>
    private static string Cycle(string mediaFolder, string cacheFolder, int height, bool grain = false)
    {
        Directory.CreateDirectory(cacheFolder);
        var width = height * 16 / 9;
        var cycle = Path.Combine(cacheFolder, $"cycle-{height}p24{(grain ? "-grain" : "")}.mp4");
        if (!File.Exists(cycle))
        {
            var args = new List<string>();
            var present = Clips.Where(c => File.Exists(Path.Combine(mediaFolder, c))).ToList();
            foreach (var c in present) args.AddRange(["-i", Path.Combine(mediaFolder, c)]);
            var graph = string.Concat(present.Select((_, i) =>
                $"[{i}:v]scale={width}:{height}:force_original_aspect_ratio=decrease,pad={width}:{height}:(ow-iw)/2:(oh-ih)/2,setsar=1,fps=24,format=yuv420p[v{i}];"))
                + string.Concat(present.Select((_, i) => $"[v{i}]")) + $"concat=n={present.Count}:v=1:a=0{(grain ? ",noise=alls=6:allf=t" : "")}[out]";
            string[] rate = grain ? ["-b:v", "10M", "-maxrate", "12M", "-bufsize", "20M"] : ["-crf", "20"];
            var tmp = cycle + ".tmp.mp4";
            Console.Error.WriteLine($"bench: building {cycle} (one-time libx264 encode)...");
            Tools.Ffmpeg([.. args, "-filter_complex", graph, "-map", "[out]", "-an", "-c:v", "libx264", "-preset", "veryfast", .. rate,
                "-g", "48", "-r", "24", "-movflags", "+faststart", tmp]);
            File.Move(tmp, cycle, overwrite: true);
        }
        return cycle;
    }

    /// <summary>The cycle trimmed to, or repeated up to, <paramref name="minSeconds"/>.</summary>
    private static string Repeated(string cycle, string cacheFolder, double minSeconds, string size)
    {
        var cycleSeconds = Tools.DurationSeconds(cycle);
        if (minSeconds <= cycleSeconds)
        {
            var trimmed = Path.Combine(cacheFolder, $"input-{size}-{(int)minSeconds}s.mp4");
            if (!File.Exists(trimmed))
                Tools.Ffmpeg("-i", cycle, "-t", Tools.F(minSeconds, 0), "-c", "copy", trimmed + ".tmp.mp4");
            if (!File.Exists(trimmed)) File.Move(trimmed + ".tmp.mp4", trimmed);
            return trimmed;
        }
        var copies = (int)Math.Ceiling(minSeconds / cycleSeconds);
        var full = Path.Combine(cacheFolder, $"input-{size}-x{copies}.mp4");
        if (!File.Exists(full))
        {
            var list = Path.Combine(cacheFolder, $"concat-{size}.txt");
            File.WriteAllLines(list, Enumerable.Repeat($"file '{cycle}'", copies));
            Tools.Ffmpeg("-f", "concat", "-safe", "0", "-i", list, "-c", "copy", "-movflags", "+faststart", full + ".tmp.mp4");
            File.Move(full + ".tmp.mp4", full);
        }
        return full;
    }

    /// <summary>
    /// A feature-length stand-in of <paramref name="seconds"/> at 640x360, 24 fps: the cycle of shared clips repeated, each
    /// repeat re-framed (an 80 % crop from another corner, mirrored every other time, hue turned), so that repeats are
    /// related shots rather than byte-identical ones, then joined with stream copy.
    /// </summary>
    public static string Feature(string mediaFolder, string cacheFolder, double seconds)
    {
        var cycle = Cycle(mediaFolder, cacheFolder, FeatureHeight);
        var cycleSeconds = Tools.DurationSeconds(cycle);
        var copies = (int)Math.Ceiling(seconds / cycleSeconds);
        var output = Path.Combine(cacheFolder, $"feature-{FeatureHeight}p24-{(int)seconds}s.mp4");
        if (File.Exists(output)) return output;
        var parts = new List<string>();
        for (var k = 0; k < copies; k++)
        {
            var part = Path.Combine(cacheFolder, $"variant-{FeatureHeight}p24-{k}.mp4");
            parts.Add(part);
            if (File.Exists(part)) continue;
            var (x, y) = (Tools.F(k % 3 * 0.1, 1), Tools.F(k / 3 % 3 * 0.1, 1));
            var filter = $"crop=iw*0.8:ih*0.8:iw*{x}:ih*{y},scale={FeatureHeight * 16 / 9}:{FeatureHeight},setsar=1{(k % 2 == 1 ? ",hflip" : "")},hue=h={k * 37 % 360}";
            Tools.Ffmpeg("-i", cycle, "-vf", k == 0 ? "null" : filter, "-an", "-c:v", "libx264", "-preset", "veryfast", "-crf", "20", "-g", "48", part + ".tmp.mp4");
            File.Move(part + ".tmp.mp4", part);
        }
        var list = Path.Combine(cacheFolder, $"feature-{(int)seconds}s.txt");
        File.WriteAllLines(list, parts.Select(p => $"file '{p}'"));
        Tools.Ffmpeg("-f", "concat", "-safe", "0", "-i", list, "-t", Tools.F(seconds, 0), "-c", "copy", "-movflags", "+faststart", output + ".tmp.mp4");
        File.Move(output + ".tmp.mp4", output);
        return output;
    }

    /// <summary>
    /// `matchcut run` (<see cref="EndToEnd"/>) on the feature-length stand-in: seconds per stage into long_stages.csv (plotted by
    /// bench/report.sh), wall time against a decode-only pass of the same file, and the host's peak memory.
    /// </summary>
    public static void MeasureStages(BenchSheet sheet, string dll, string mediaFolder, string cacheFolder, double seconds, int threads)
    {
        var input = Feature(mediaFolder, cacheFolder, seconds);
        var length = Tools.DurationSeconds(input);
        var label = $"{Tools.F(length / 60, 0)} min {FeatureHeight}p";
        var decode = Tools.DecodeOnly(input, threads);
        var run = EndToEnd.Run(dll, input, Path.Combine(cacheFolder, "long"));
        if (run.ExitCode != 0) throw new InvalidOperationException($"matchcut run on {input} exited {run.ExitCode}");
        var rows = run.StageRows();
        sheet.Table("long_stages.csv", rows);
        sheet.Figure($"feature-length end-to-end/decode ({label})", run.WallSeconds / decode, "ratio", "", 0,
            $"(wall {Tools.F(run.WallSeconds, 0)} s; decode-only {Tools.F(decode, 1)} s)");
        sheet.Figure($"feature-length realtime factor ({label})", length / run.WallSeconds, "x", "", 0);
        sheet.Figure($"feature-length peak RSS host ({label})", run.PeakHostKb / 1024.0, "MiB", "<", 1536,
            $"(host + ffmpeg children {Tools.F(run.PeakTreeKb / 1024.0, 0)} MiB)");
    }
}
