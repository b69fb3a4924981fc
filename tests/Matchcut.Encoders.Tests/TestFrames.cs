using Matchcut.Encoders.Imaging;
using Matchcut.TestSupport;

namespace Matchcut.Encoders.Tests;

/// <summary>Single frames of the shared footage, decoded with ffmpeg for the encoders.</summary>
public static class TestFrames
{
    /// <summary>Frame <paramref name="index"/> (decode order) of a media file as RGB24 at the given size.</summary>
    public static RgbFrame Frame(string name, int index, int width, int height)
    {
        var raw = Path.Combine(Path.GetTempPath(), $"matchcut-frame-{Guid.NewGuid():N}.rgb");
        try
        {
            TestMedia.Ffmpeg("-i", TestMedia.File(name), "-vf", $"select=eq(n\\,{index}),scale={width}:{height},setsar=1", "-frames:v", "1",
                "-f", "rawvideo", "-pix_fmt", "rgb24", raw);
            return new RgbFrame(System.IO.File.ReadAllBytes(raw), width, height);
        }
        finally
        {
            System.IO.File.Delete(raw);
        }
    }
}
