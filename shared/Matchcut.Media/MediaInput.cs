namespace Matchcut.Media;

/// <summary>
/// How every ffprobe and ffmpeg call names its input: only local files (or our own pipes) and only the container
/// demuxers the project supports. A playlist (HLS), concat list, image sequence or any other demuxer that opens further
/// files or URLs named inside the input is refused by ffmpeg itself, so content can never make it read elsewhere.
/// </summary>
public static class MediaInput
{
    /// <summary>
    /// Demuxers allowed for sources: MP4/MOV family, Matroska/WebM, AVI, MXF, MPEG program and transport streams, ASF
    /// (WMV), FLV, Ogg. The names are ffmpeg's (a demuxer such as <c>mov,mp4,m4a,3gp,3g2,mj2</c> matches any of them).
    /// </summary>
    public const string Demuxers = "mov,mp4,m4a,3gp,3g2,mj2,matroska,webm,avi,mxf,mpeg,mpegts,asf,flv,ogg";

    /// <summary>ffmpeg's own message when a demuxer outside <see cref="Demuxers"/> recognised the input.</summary>
    public const string NotOnWhitelist = "Format not on whitelist";

    /// <summary>Input options and the input for a local file: the <c>file:</c> protocol only, the allowed demuxers only.</summary>
    public static IReadOnlyList<string> File(string path) => [.. FileOptions, "-i", FileUrl(path)];

    /// <summary>The options alone, for tools that place the input themselves (ffprobe through FFMpegCore).</summary>
    public static IReadOnlyList<string> FileOptions { get; } = ["-protocol_whitelist", "file", "-format_whitelist", Demuxers];

    /// <summary>Raw frames of our own on standard input: the pipe protocol and the rawvideo demuxer only.</summary>
    public static IReadOnlyList<string> RawPipe { get; } = ["-protocol_whitelist", "pipe", "-format_whitelist", "rawvideo", "-f", "rawvideo"];

    /// <summary>An explicit file: URL, so a path that looks like another protocol (a colon in its name) is still a file.</summary>
    public static string FileUrl(string path) => "file:" + Path.GetFullPath(path);
}
