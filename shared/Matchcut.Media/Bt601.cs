using System.Runtime.CompilerServices;

namespace Matchcut.Media;

/// <summary>Luma from RGB with the BT.601 weights, the one definition every picture measure here uses.</summary>
public static class Bt601
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Luma(float r, float g, float b) => 0.299f * r + 0.587f * g + 0.114f * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Luma(double r, double g, double b) => 0.299 * r + 0.587 * g + 0.114 * b;

    /// <summary>The same weights in 8-bit fixed point (77, 150, 29 of 256) for 0-255 channels: exact enough for change detection, and cheap.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Luma8(int r, int g, int b) => (77 * r + 150 * g + 29 * b) >> 8;
}
