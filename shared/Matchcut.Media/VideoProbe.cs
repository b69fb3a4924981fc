namespace Matchcut.Media;

/// <summary>What ffprobe says about a video's first video stream.</summary>
/// <param name="Rotation">Clockwise display rotation in degrees (0, 90, 180, 270) that players apply.</param>
/// <param name="SampleAspect">Pixel aspect ratio (1 for square pixels).</param>
/// <param name="FrameRate">Nominal frame rate (r_frame_rate).</param>
/// <param name="FrameCount">Frames the container declares, or null when it does not say.</param>
/// <param name="Timecode">The file's start timecode (ffprobe's <c>timecode</c> tag, e.g. 01:00:00;00), or null when it has none or an invalid one.</param>
/// <param name="TimecodeIgnored">Why the file's timecode tag was ignored (<see cref="StartTimecode"/>), or null.</param>
public sealed record VideoProbe(
    string Codec,
    int Width,
    int Height,
    double SampleAspect,
    int Rotation,
    double FrameRate,
    double AverageFrameRate,
    double DurationSec,
    double StartSec,
    long? FrameCount,
    long SizeBytes,
    string? Timecode = null,
    string? TimecodeIgnored = null)
{
    /// <summary>Display aspect ratio after pixel aspect and rotation.</summary>
    public double DisplayAspect
    {
        get
        {
            var aspect = Width * SampleAspect / Height;
            return Rotation is 90 or 270 ? 1 / aspect : aspect;
        }
    }

    /// <summary>An even-sized frame of the given height in the display aspect.</summary>
    public (int Width, int Height) SizeForHeight(int height) => (Even(height * DisplayAspect), Even(height));

    /// <summary>An even-sized frame of the given width in the display aspect.</summary>
    public (int Width, int Height) SizeForWidth(int width) => (Even(width), Even(width / DisplayAspect));

    private static int Even(double v) => Math.Max(2, (int)Math.Round(v / 2) * 2);
}
