namespace Matchcut.Media;

/// <summary>Pixel layouts a raw-frame pipe can deliver.</summary>
public enum RawPixelFormat
{
    /// <summary>One byte per pixel, luma.</summary>
    Gray,

    /// <summary>Three bytes per pixel, R G B.</summary>
    Rgb24,

    /// <summary>Three bytes per pixel, B G R.</summary>
    Bgr24,
}
