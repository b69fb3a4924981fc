using System.Globalization;

namespace Matchcut.Media;

/// <summary>
/// The one encode every title is brought to, so representations from different titles are comparable:
/// H.264 (High, yuv420p), square pixels with display aspect and rotation applied, constant frame rate,
/// fixed height, no audio, a keyframe at least every two seconds, moov atom first.
/// </summary>
public sealed record StandardizedProfile(string Name, int Height, int FrameRate, int Crf, string Preset)
{
    /// <summary>std-v1: 360 lines, 24 fps, CRF 23, x264 veryfast.</summary>
    public static readonly StandardizedProfile V1 = new("std-v1", 360, 24, 23, "veryfast");

    /// <summary>The ffmpeg arguments producing this profile from <paramref name="input"/> into <paramref name="output"/>.</summary>
    public IReadOnlyList<string> EncodeArguments(VideoProbe probe, string input, string output, int threads)
    {
        var (w, h) = probe.SizeForHeight(Height);
        var filter = string.Create(CultureInfo.InvariantCulture,
            $"showinfo,setpts=PTS-STARTPTS,fps={FrameRate},scale={w}:{h}:flags=bicubic,setsar=1,format=yuv420p");
        var args = new List<string> { "-nostdin", "-hide_banner", "-y", "-i", input, "-map", "0:v:0", "-an", "-sn", "-dn", "-vf", filter,
            "-c:v", "libx264", "-profile:v", "high", "-preset", Preset, "-crf", Crf.ToString(CultureInfo.InvariantCulture),
            "-g", (FrameRate * 2).ToString(CultureInfo.InvariantCulture), "-fps_mode", "cfr", "-movflags", "+faststart" };
        if (threads > 0) args.AddRange(["-threads", threads.ToString(CultureInfo.InvariantCulture)]);
        args.Add(output);
        return args;
    }
}
