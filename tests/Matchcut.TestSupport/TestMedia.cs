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

    /// <summary>
    /// Writes A, B, A', C, A'' of real footage to <paramref name="path"/> (768x432, 25 fps, CRF 28): A' and A'' are
    /// other moments of A's Big Buck Bunny shot (378-548), softened and coarsely encoded; B is the shot before it, C the
    /// leaf on the rock.
    /// </summary>
    public static string RevisitsABACA(string path)
    {
        const string Size = "scale=768:432,setsar=1,fps=25,format=yuv420p";
        const string Soft = ",scale=384:216,scale=768:432,eq=contrast=1.08:saturation=0.9";
        Splice(path, ["bbb_0_30.webm", "testvideo.mp4"], crf: 28,
            $"[0:v]trim=start_frame=380:end_frame=430,setpts=PTS-STARTPTS,{Size}",
            $"[0:v]trim=start_frame=290:end_frame=340,setpts=PTS-STARTPTS,{Size}",
            $"[0:v]trim=start_frame=455:end_frame=500,setpts=PTS-STARTPTS,{Size}{Soft}",
            $"[1:v]trim=start_frame=40:end_frame=100,setpts=PTS-STARTPTS,{Size}",
            $"[0:v]trim=start_frame=500:end_frame=546,setpts=PTS-STARTPTS,{Size}{Soft}");
        return path;
    }

    /// <summary>
    /// Writes A, B, A', C of real footage to <paramref name="path"/> (640x360, 24 fps, cuts every 48 frames): A and A'
    /// are the bottom-right 60% of Big Buck Bunny's opening shot, a slow camera tilt, at moments 3.75 s apart, so the
    /// picture of A' is A's moved up by about a third (A' also softened); B is the deer, C a close-up of hands.
    /// </summary>
    public static string TiltedRevisit(string path)
    {
        const string Size = "scale=640:360:force_original_aspect_ratio=decrease,pad=640:360:(ow-iw)/2:(oh-ih)/2,setsar=1,fps=24,format=yuv420p";
        const string Crop = "crop=trunc(iw*0.6/2)*2:trunc(ih*0.6/2)*2:trunc(iw*0.4/2)*2:trunc(ih*0.4/2)*2";
        Splice(path, ["bbb_0_30.webm", "testvideo.mp4", "issue-195-aspect-ratio.mp4"], crf: 23,
            $"[0:v]trim=start_frame=140:end_frame=188,setpts=PTS-STARTPTS,{Crop},{Size}",
            $"[1:v]trim=start_frame=250:end_frame=310,setpts=PTS-STARTPTS,{Size},trim=end_frame=48",
            $"[0:v]trim=start_frame=230:end_frame=278,setpts=PTS-STARTPTS,{Crop},{Size},scale=320:180,scale=640:360,eq=contrast=1.08:saturation=0.9",
            $"[2:v]trim=start_frame=4:end_frame=64,setpts=PTS-STARTPTS,{Size},trim=end_frame=48");
        return path;
    }

    /// <summary>
    /// Writes A, B, A', C of real footage to <paramref name="path"/> (960x540, 29.97 fps, CRF 27, cuts at 78, 138 and
    /// 225): A and A' are the top-left 60% of Big Buck Bunny's opening shot, where the camera cranes down towards the
    /// trees, at moments about 3 s apart (A' earlier in the shot, softened): clouds only in A', the tree tops coming in
    /// at A's corner, so the two share little more than sky while each changes over its length. B is the deer, C a
    /// close-up of hands.
    /// </summary>
    public static string CraningRevisit(string path)
    {
        const string Size = "scale=960:540:force_original_aspect_ratio=decrease,pad=960:540:(ow-iw)/2:(oh-ih)/2,setsar=1,fps=30000/1001,format=yuv420p";
        const string Crop = "crop=trunc(iw*0.6/2)*2:trunc(ih*0.6/2)*2:0:0";
        Splice(path, ["bbb_0_30.webm", "testvideo.mp4", "issue-195-aspect-ratio.mp4"], crf: 27,
            $"[0:v]trim=start=5.84:end=8.44,setpts=PTS-STARTPTS,{Crop},{Size},trim=end_frame=78",
            $"[1:v]trim=start_frame=250:end_frame=320,setpts=PTS-STARTPTS,{Size},trim=end_frame=60",
            $"[0:v]trim=start=2.6:end=5.5,setpts=PTS-STARTPTS,{Crop},{Size},trim=end_frame=87,scale=480:270,scale=960:540,eq=contrast=1.08:saturation=0.9",
            $"[2:v]trim=start_frame=4:end_frame=70,setpts=PTS-STARTPTS,{Size},trim=end_frame=60");
        return path;
    }

    /// <summary>
    /// Writes six shots of real footage that only share a place, a subject or a palette to <paramref name="path"/>
    /// (640x360, 24 fps): the top-left and the bottom-right 60% of one Big Buck Bunny shot at moments 7 s apart, the
    /// leaf on the rock and the same rock in other light, and two close-ups of hands from one film. Cuts every 48 frames.
    /// </summary>
    public static string SharedPlaceShots(string path)
    {
        const string Size = "scale=640:360:force_original_aspect_ratio=decrease,pad=640:360:(ow-iw)/2:(oh-ih)/2,setsar=1,fps=24,format=yuv420p";
        const string Crop = "crop=trunc(iw*0.6/2)*2:trunc(ih*0.6/2)*2";
        Splice(path, ["bbb_0_30.webm", "testvideo.mp4", "issue-195-aspect-ratio.mp4"], crf: 20,
            $"[0:v]trim=start_frame=62:end_frame=110,setpts=PTS-STARTPTS,{Crop}:0:0,{Size},trim=end_frame=48",
            $"[0:v]trim=start_frame=230:end_frame=278,setpts=PTS-STARTPTS,{Crop}:trunc(iw*0.4/2)*2:trunc(ih*0.4/2)*2,{Size},trim=end_frame=48",
            $"[1:v]trim=start_frame=40:end_frame=100,setpts=PTS-STARTPTS,{Size},trim=end_frame=48",
            $"[1:v]trim=start_frame=430:end_frame=490,setpts=PTS-STARTPTS,{Size},trim=end_frame=48",
            $"[2:v]trim=start_frame=4:end_frame=64,setpts=PTS-STARTPTS,{Size},trim=end_frame=48",
            $"[2:v]trim=start_frame=490:end_frame=550,setpts=PTS-STARTPTS,{Size},trim=end_frame=48");
        return path;
    }

    /// <summary>
    /// Writes four shots of real footage to <paramref name="path"/> (640x360, 24 fps; about 1.2, 2, 2 and 2 s): the two
    /// people at a screen from GoldenEye (8.8-10 s, letterboxed), the deer (no person), and, mirrored, the two women at
    /// the table and the close-up of hands from issue-195: people in other films' framings, for silhouettes across titles.
    /// </summary>
    public static string PeopleCuts(string path)
    {
        const string Size = "scale=640:360:force_original_aspect_ratio=decrease,pad=640:360:(ow-iw)/2:(oh-ih)/2,setsar=1,fps=24,format=yuv420p";
        const string Square = "scale=trunc(iw*sar/2)*2:ih,setsar=1"; // issue-195 has 16:11 pixels
        Splice(path, ["goldeneye-vfr-drop3.mp4", "testvideo.mp4", "issue-195-aspect-ratio.mp4"], crf: 20,
            $"[0:v]trim=start=8.8:end=10,setpts=PTS-STARTPTS,{Size}",
            $"[1:v]trim=start_frame=250:end_frame=320,setpts=PTS-STARTPTS,{Size},trim=end_frame=48",
            $"[2:v]trim=start_frame=190:end_frame=280,setpts=PTS-STARTPTS,{Square},hflip,{Size},trim=end_frame=48",
            $"[2:v]trim=start_frame=4:end_frame=64,setpts=PTS-STARTPTS,{Square},hflip,{Size},trim=end_frame=48");
        return path;
    }

    /// <summary>
    /// Writes the <paramref name="pieces"/> (filter chains on the inputs, e.g. <c>[0:v]trim=...</c>, the n-th input being
    /// the n-th of <paramref name="files"/> in the shared media folder) one after another to <paramref name="path"/>, as
    /// H.264 (x264 veryfast) at <paramref name="crf"/>.
    /// </summary>
    private static void Splice(string path, string[] files, int crf, params string[] pieces)
    {
        var labels = pieces.Select((_, i) => $"[p{i}]").ToList();
        var graph = string.Concat(pieces.Zip(labels, (piece, label) => piece + label + ";"))
            + string.Concat(labels) + $"concat=n={pieces.Length}:v=1:a=0[v]";
        Ffmpeg([.. files.SelectMany(f => new[] { "-i", File(f) }), "-filter_complex", graph, "-map", "[v]",
            "-c:v", "libx264", "-preset", "veryfast", "-crf", crf.ToString(System.Globalization.CultureInfo.InvariantCulture), path]);
    }

    /// <summary>DejaVu Sans Bold (Debian's fonts-dejavu-core, which `scripts/setup.sh chromium` installs), for drawtext.</summary>
    public const string TitleFont = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";

    /// <summary>ffmpeg drawtext of <paramref name="text"/>, white, <paramref name="size"/> px, its top-left corner at (x, y).</summary>
    public static string DrawText(string text, int size, int x, int y) =>
        $"drawtext=fontfile={TitleFont}:text='{text}':fontcolor=white:fontsize={size}:x={x}:y={y}";

    /// <summary>
    /// Writes real footage with a title card between: 3 s of Big Buck Bunny (frames 420-492, the deer), a 2 s black card
    /// reading <paramref name="title"/> (drawtext, 56 px, at 80,150), then 3 s of the Sintel trailer; 640x360, 24 fps.
    /// </summary>
    public static string WithTitleCard(string path, string title)
    {
        const string Size = "scale=640:360,setsar=1,fps=24,format=yuv420p";
        Splice(path, ["bbb_0_30.webm", "sintel_5s.mp4"], crf: 18,
            $"[0:v]trim=start_frame=420:end_frame=492,setpts=PTS-STARTPTS,{Size}",
            $"color=c=black:s=640x360:r=24:d=2,{DrawText(title, 56, 80, 150)},{Size}",
            $"[1:v]trim=start_frame=24:end_frame=96,setpts=PTS-STARTPTS,{Size}");
        return path;
    }

    /// <summary>
    /// Writes 3 s of Big Buck Bunny (the deer), then a 2 s black card for each of <paramref name="cards"/> (drawtext as in
    /// <see cref="WithTitleCard"/>), then 3 s of the Sintel trailer; 640x360, 24 fps. Card i shows seconds 3 + 2i to 5 + 2i.
    /// </summary>
    public static string WithTitleCards(string path, params string[] cards)
    {
        const string Size = "scale=640:360,setsar=1,fps=24,format=yuv420p";
        Splice(path, ["bbb_0_30.webm", "sintel_5s.mp4"], crf: 18,
        [
            $"[0:v]trim=start_frame=420:end_frame=492,setpts=PTS-STARTPTS,{Size}",
            .. cards.Select(c => $"color=c=black:s=640x360:r=24:d=2,{DrawText(c, 56, 80, 150)},{Size}"),
            $"[1:v]trim=start_frame=24:end_frame=96,setpts=PTS-STARTPTS,{Size}",
        ]);
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
