using System.Globalization;
using Matchcut.Media;

namespace Matchcut.Pipeline;

/// <summary>
/// A shot's clip: its frames of the standardized video, re-encoded on their own (H.264, moov first) so a player can
/// show the shot alone. Cut when first asked for and then kept at <see cref="ShotRecord.ClipKey"/>: most shots are
/// never played, and encoding every clip was a fifth of the pipeline's time.
/// </summary>
public static class ShotClip
{
    public const string Preset = "veryfast";
    public const int Crf = 23;

    /// <summary>ffmpeg arguments cutting frames <paramref name="first"/>..<paramref name="last"/> of the standardized video into <paramref name="output"/>.</summary>
    public static IReadOnlyList<string> Arguments(string stdVideo, int frameRate, int first, int last, string output, int threads)
    {
        // Input seeking decodes from the keyframe before and drops what precedes the time; a quarter frame early, so
        // float rounding cannot start the clip one frame late.
        var start = ((first - 0.25) / frameRate).ToString("0.######", CultureInfo.InvariantCulture);
        List<string> args = ["-nostdin", "-hide_banner", "-nostats", "-loglevel", "error", "-xerror", "-y",
            "-ss", first > 0 ? start : "0", .. MediaInput.File(stdVideo),
            "-frames:v", (last - first + 1).ToString(CultureInfo.InvariantCulture), "-map", "0:v:0", "-an",
            "-c:v", "libx264", "-preset", Preset, "-crf", Crf.ToString(CultureInfo.InvariantCulture), "-pix_fmt", "yuv420p",
            "-movflags", "+faststart"];
        if (threads > 0) args.AddRange(["-threads", threads.ToString(CultureInfo.InvariantCulture)]);
        args.AddRange(["-f", "mp4", output]);
        return args;
    }
}
