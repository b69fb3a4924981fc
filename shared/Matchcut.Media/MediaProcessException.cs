namespace Matchcut.Media;

/// <summary>An ffmpeg or ffprobe process failed; carries the tail of what it printed.</summary>
public sealed class MediaProcessException(string tool, int exitCode, string stderrTail)
    : Exception($"{tool} exited with {exitCode}: {stderrTail}")
{
    public string Tool { get; } = tool;
    public int ExitCode { get; } = exitCode;
    public string StderrTail { get; } = stderrTail;
}
