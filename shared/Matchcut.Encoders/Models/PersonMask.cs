using System.Numerics;

namespace Matchcut.Encoders.Models;

/// <summary>
/// A small binary person mask over the frame (e.g. 32x18 for 16:9), row-major, bit-packed (bit i of the mask is bit
/// i % 8 of byte i / 8). Compared with <see cref="IoU"/>.
/// </summary>
public sealed record PersonMask(int Width, int Height, byte[] Bits)
{
    /// <summary>Total cells the mask grid aims for, whatever the aspect (32x18 = 576 at 16:9).</summary>
    public const int TargetCells = 576;

    /// <summary>The mask grid for a frame of the given aspect: about <see cref="TargetCells"/> cells, cells near square.</summary>
    public static (int Width, int Height) GridFor(int frameWidth, int frameHeight)
    {
        var cols = Math.Max(1, (int)Math.Round(Math.Sqrt(TargetCells * (double)frameWidth / frameHeight)));
        var rows = Math.Max(1, (int)Math.Round((double)TargetCells / cols));
        return (cols, rows);
    }

    public static PersonMask FromCells(int width, int height, ReadOnlySpan<bool> cells)
    {
        var bits = new byte[(width * height + 7) / 8];
        for (var i = 0; i < width * height; i++)
            if (cells[i]) bits[i >> 3] |= (byte)(1 << (i & 7));
        return new PersonMask(width, height, bits);
    }

    public bool this[int x, int y] => (Bits[(y * Width + x) >> 3] & (1 << ((y * Width + x) & 7))) != 0;

    public int Count => Bits.Sum(b => BitOperations.PopCount(b));

    /// <summary>Share of the frame covered by the person class.</summary>
    public double Area => (double)Count / (Width * Height);

    /// <summary>Intersection over union of two masks of the same grid; 0 when either is empty.</summary>
    public double IoU(PersonMask other)
    {
        if (other.Width != Width || other.Height != Height)
            throw new ArgumentException($"Masks of {Width}x{Height} and {other.Width}x{other.Height} cannot be compared.");
        int inter = 0, union = 0;
        for (var i = 0; i < Bits.Length; i++)
        {
            inter += BitOperations.PopCount((uint)(Bits[i] & other.Bits[i]));
            union += BitOperations.PopCount((uint)(Bits[i] | other.Bits[i]));
        }
        return union == 0 ? 0 : (double)inter / union;
    }
}
