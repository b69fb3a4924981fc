namespace Matchcut.Encoders.Imaging;

/// <summary>An interleaved RGB24 picture (row-major, 3 bytes per pixel).</summary>
public sealed record RgbFrame(byte[] Pixels, int Width, int Height)
{
    public static RgbFrame Blank(int width, int height) => new(new byte[width * height * 3], width, height);
}

/// <summary>A single-channel float picture (row-major), e.g. low-resolution luma for optical flow.</summary>
public sealed record GreyFrame(float[] Pixels, int Width, int Height);
