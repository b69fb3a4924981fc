namespace Matchcut.Onnx.Tests;

/// <summary>The input pattern of fixtures/make-fixtures.mjs, reproduced bit for bit.</summary>
internal static class DeterministicInput
{
    public static float Value(int index, int seed, double lo, double hi)
    {
        // murmur3 finaliser over (index ^ seed * golden ratio); 24 bits give a float32-exact fraction.
        var h = (uint)index ^ unchecked((uint)seed * 0x9e3779b1u);
        h = unchecked(h * 0x85ebca6bu);
        h ^= h >> 13;
        h = unchecked(h * 0xc2b2ae35u);
        h ^= h >> 16;
        var unit = (h >> 8) / 16777216.0;
        return (float)(lo + unit * (hi - lo));
    }

    public static void Fill(Span<float> destination, int seed, double lo, double hi)
    {
        for (var i = 0; i < destination.Length; i++) destination[i] = Value(i, seed, lo, hi);
    }
}
