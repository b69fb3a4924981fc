namespace Matchcut.Media;

/// <summary>Where the ffmpeg tools are; bound from the "Media" configuration section.</summary>
public sealed class MediaOptions
{
    /// <summary>ffmpeg executable (a name on PATH or a path).</summary>
    public string FfmpegPath { get; set; } = "ffmpeg";

    /// <summary>ffprobe executable (a name on PATH or a path).</summary>
    public string FfprobePath { get; set; } = "ffprobe";

    /// <summary>Folder for scratch files (encodes in progress, clips before upload).</summary>
    public string ScratchFolder { get; set; } = Path.Combine(Path.GetTempPath(), "matchcut");

    /// <summary>Threads each ffmpeg process may use; 0 lets ffmpeg decide.</summary>
    public int Threads { get; set; }
}
