using System.Globalization;

namespace Matchcut.Media;

/// <summary>
/// The one encode every title is brought to, so representations from different titles are comparable:
/// H.264 (High, yuv420p), square pixels with display aspect and rotation applied, constant frame rate,
/// fixed height, no audio, a keyframe at least every two seconds, moov atom first.
/// </summary>
public sealed record StandardizedProfile(string Name, int Height, int FrameRate, int Crf, string Preset, string ScaleFlags)
{
    /// <summary>std-v2: 360 lines, 24 fps, CRF 23, x264 superfast, area-averaged scale (std-v1: veryfast, bicubic; BENCHMARKS.md compares them).</summary>
    public static readonly StandardizedProfile Current = new("std-v2", 360, 24, 23, "superfast", "area");

    /// <summary>The scale to the profile's size in display aspect; per frame, so it gives the same pictures before or after the rate conversion.</summary>
    public string ScaleFilter(VideoProbe probe)
    {
        var (w, h) = probe.SizeForHeight(Height);
        return string.Create(CultureInfo.InvariantCulture, $"scale={w}:{h}:flags={ScaleFlags}");
    }

    /// <summary>The ffmpeg arguments producing this profile from <paramref name="input"/> into <paramref name="output"/>.</summary>
    public IReadOnlyList<string> EncodeArguments(VideoProbe probe, string input, string output, int threads)
    {
        var filter = string.Create(CultureInfo.InvariantCulture,
            $"{ShowinfoTimestamps.Filter},setpts=PTS-STARTPTS,fps={FrameRate},{ScaleFilter(probe)},setsar=1,format=yuv420p");
        var args = new List<string> { "-nostdin", "-hide_banner", "-y" };
        args.AddRange(MediaInput.File(input));
        args.AddRange(["-map", "0:v:0", "-an", "-sn", "-dn", "-vf", filter]);
        args.AddRange(EncoderArguments(threads));
        args.Add(output);
        return args;
    }

    /// <summary>
    /// One decode for two outputs: this profile's encode into <paramref name="output"/> (the same file
    /// <see cref="EncodeArguments"/> makes: the frames are scaled before the rate conversion instead of after, which
    /// changes no picture) and, on standard output, every decoded frame in presentation order as packed RGB24 of
    /// <paramref name="analysisWidth"/> x <paramref name="analysisHeight"/>, area-averaged from the profile's scaled
    /// frame. showinfo before the split logs each decoded frame once, so its times index the analysis frames.
    /// Corrupt input stops the decode (<c>-xerror</c>) instead of encoding around the damage.
    /// </summary>
    public IReadOnlyList<string> EncodeWithAnalysisArguments(VideoProbe probe, string input, string output, int threads,
        int analysisWidth, int analysisHeight)
    {
        var graph = string.Create(CultureInfo.InvariantCulture,
            $"[0:v:0]{ShowinfoTimestamps.Filter},{ScaleFilter(probe)},split=2[std][analysis];"
            + $"[std]setpts=PTS-STARTPTS,fps={FrameRate},setsar=1,format=yuv420p[stdout];"
            + $"[analysis]{AnalysisScale(analysisWidth, analysisHeight)}[analysisout]");
        var args = new List<string> { "-nostdin", "-hide_banner", "-nostats", "-xerror", "-err_detect", "explode", "-y" };
        args.AddRange(MediaInput.File(input));
        args.AddRange([
            // A filter graph's output takes no stream metadata from the input, as -vf's does: copy it, and drop the
            // copied encoder name so ffmpeg writes its own, as it does for -vf (the file is then byte for byte the same).
            "-filter_complex", graph, "-map", "[stdout]", "-map_metadata:s:0", "0:s:v:0", "-metadata:s:0", "encoder=", "-an", "-sn", "-dn"]);
        args.AddRange(EncoderArguments(threads));
        args.Add(output);
        args.AddRange(["-map", "[analysisout]", "-an", "-sn", "-dn", "-fps_mode", "passthrough", "-pix_fmt", "rgb24", "-f", "rawvideo", "pipe:1"]);
        return args;
    }

    /// <summary>The analysis frames' shrink from the profile's scaled frame (see <see cref="EncodeWithAnalysisArguments"/>).</summary>
    public static string AnalysisScale(int width, int height) =>
        string.Create(CultureInfo.InvariantCulture, $"scale={width}:{height}:flags=area,setsar=1");

    private List<string> EncoderArguments(int threads)
    {
        var args = new List<string> { "-c:v", "libx264", "-profile:v", "high", "-preset", Preset, "-crf", Crf.ToString(CultureInfo.InvariantCulture),
            "-g", (FrameRate * 2).ToString(CultureInfo.InvariantCulture), "-fps_mode", "cfr", "-movflags", "+faststart" };
        if (threads > 0) args.AddRange(["-threads", threads.ToString(CultureInfo.InvariantCulture)]);
        return args;
    }
}
