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

    /// <summary>
    /// Three synthetic frames of one size for the fast paths' edge cases: seeded noise, all white (the largest sums) and
    /// a ramp. They share one buffer: use each before taking the next.
    /// </summary>
    public static IEnumerable<RgbFrame> Synthetic(int width, int height, int seed)
    {
        var pixels = new byte[width * height * 3];
        new Random(seed).NextBytes(pixels);
        yield return new RgbFrame(pixels, width, height);
        Array.Fill(pixels, (byte)255);
        yield return new RgbFrame(pixels, width, height);
        for (var i = 0; i < pixels.Length; i++) pixels[i] = (byte)(i * 7 / 3);
        yield return new RgbFrame(pixels, width, height);
    }
}
