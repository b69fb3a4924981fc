namespace Matchcut.Bench;

/// <summary>Builds (once, cached under .artifacts/bench/) a 1080p24 H.264 input from every clip in the shared media folder.</summary>
public static class LongInput
{
    private static readonly string[] Clips =
    [
        "bbb_0_30.webm", "testvideo.mp4", "issue-195-aspect-ratio.mp4", "goldeneye-vfr-drop3.mp4", "issue-134-rotate.mp4",
        "sintel_5s.mp4", "fades.mp4", "counter.mp4", "delayed_start.mp4",
    ];

    /// <summary>One pass over all clips (about two minutes), scaled/padded to 1920x1080, 24 fps, libx264; then repeated
    /// with stream copy until <paramref name="minSeconds"/> is reached (quick mode trims one pass instead).</summary>
    public static string Ensure(string mediaFolder, string cacheFolder, double minSeconds)
    {
        Directory.CreateDirectory(cacheFolder);
        var cycle = Path.Combine(cacheFolder, "cycle-1080p24.mp4");
        if (!File.Exists(cycle))
        {
            var args = new List<string>();
            var present = Clips.Where(c => File.Exists(Path.Combine(mediaFolder, c))).ToList();
            foreach (var c in present) args.AddRange(["-i", Path.Combine(mediaFolder, c)]);
            var graph = string.Concat(present.Select((_, i) =>
                $"[{i}:v]scale=1920:1080:force_original_aspect_ratio=decrease,pad=1920:1080:(ow-iw)/2:(oh-ih)/2,setsar=1,fps=24,format=yuv420p[v{i}];"))
                + string.Concat(present.Select((_, i) => $"[v{i}]")) + $"concat=n={present.Count}:v=1:a=0[out]";
            var tmp = cycle + ".tmp.mp4";
            Console.Error.WriteLine($"bench: building {cycle} (one-time libx264 encode)...");
            Tools.Ffmpeg([.. args, "-filter_complex", graph, "-map", "[out]", "-an", "-c:v", "libx264", "-preset", "veryfast", "-crf", "20",
                "-g", "48", "-r", "24", "-movflags", "+faststart", tmp]);
            File.Move(tmp, cycle, overwrite: true);
        }
        var cycleSeconds = Tools.DurationSeconds(cycle);
        if (minSeconds <= cycleSeconds)
        {
            var trimmed = Path.Combine(cacheFolder, $"input-1080p24-{(int)minSeconds}s.mp4");
            if (!File.Exists(trimmed))
                Tools.Ffmpeg("-i", cycle, "-t", Tools.F(minSeconds, 0), "-c", "copy", trimmed + ".tmp.mp4");
            if (!File.Exists(trimmed)) File.Move(trimmed + ".tmp.mp4", trimmed);
            return trimmed;
        }
        var copies = (int)Math.Ceiling(minSeconds / cycleSeconds);
        var full = Path.Combine(cacheFolder, $"input-1080p24-x{copies}.mp4");
        if (!File.Exists(full))
        {
            var list = Path.Combine(cacheFolder, "concat.txt");
            File.WriteAllLines(list, Enumerable.Repeat($"file '{cycle}'", copies));
            Tools.Ffmpeg("-f", "concat", "-safe", "0", "-i", list, "-c", "copy", "-movflags", "+faststart", full + ".tmp.mp4");
            File.Move(full + ".tmp.mp4", full);
        }
        return full;
    }
}
