using System.Diagnostics;

namespace Matchcut.TestSupport;

/// <summary>Finds ../shared/media (or MATCHCUT_MEDIA) above the test binaries, and makes derived clips with ffmpeg.</summary>
public static class TestMedia
{
    public static string Folder { get; } = Find();

    public static string File(string name) => Path.Combine(Folder, name);

    /// <summary>
    /// Writes an A, B, A' splice of real footage to <paramref name="path"/>: A (40 frames) and A' (40 frames) are two
    /// different stretches of one Big Buck Bunny shot (283-375), B (50 frames) comes from the next shot. Cuts at 40 and 90.
    /// </summary>
    public static string SpliceABA(string path)
    {
        Ffmpeg("-i", File("bbb_0_30.webm"), "-filter_complex",
            "[0:v]trim=start_frame=286:end_frame=326,setpts=PTS-STARTPTS[a];" +
            "[0:v]trim=start_frame=420:end_frame=470,setpts=PTS-STARTPTS[b];" +
            "[0:v]trim=start_frame=332:end_frame=372,setpts=PTS-STARTPTS[c];" +
            "[a][b][c]concat=n=3:v=1:a=0,format=yuv420p[out]",
            "-map", "[out]", "-c:v", "libx264", "-preset", "veryfast", "-crf", "18", path);
        return path;
    }

    /// <summary>Runs ffmpeg with the arguments; fails the test with ffmpeg's message when it fails.</summary>
    public static void Ffmpeg(params string[] args)
    {
        var info = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-nostdin", "-hide_banner", "-loglevel", "error", "-y" }.Concat(args)) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"ffmpeg failed: {err}");
    }

    private static string Find()
    {
        if (Environment.GetEnvironmentVariable("MATCHCUT_MEDIA") is { Length: > 0 } env) return env;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "media");
            if (System.IO.File.Exists(Path.Combine(candidate, "TRUTH.md"))) return candidate;
        }
        throw new DirectoryNotFoundException("No shared/media folder above the test binaries; set MATCHCUT_MEDIA.");
    }
}
