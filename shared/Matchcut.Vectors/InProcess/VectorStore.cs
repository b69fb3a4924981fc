using System.Numerics.Tensors;

namespace Matchcut.Vectors.InProcess;

/// <summary>Normalized vectors of one flavour, contiguous in fixed-size blocks so growth never copies what is stored.</summary>
internal sealed class VectorStore
{
    private const int BlockShift = 12;
    private const int BlockVectors = 1 << BlockShift;
    private readonly List<float[]> _blocks = [];
    private bool[] _present = [];

    public VectorStore(int dimension) => Dimension = dimension;

    public int Dimension { get; }

    /// <summary>How many slots hold a vector of this flavour (deleted ones included).</summary>
    public int PresentCount { get; private set; }

    public bool[] Present => _present;

    public ReadOnlySpan<float> Get(int slot) =>
        _blocks[slot >> BlockShift].AsSpan((slot & (BlockVectors - 1)) * Dimension, Dimension);

    /// <summary>Stores the vector normalized; a zero vector stays zero and scores 0 against everything.</summary>
    public void Set(int slot, ReadOnlySpan<float> vector)
    {
        EnsureCapacity(slot + 1);
        var target = _blocks[slot >> BlockShift].AsSpan((slot & (BlockVectors - 1)) * Dimension, Dimension);
        Normalize(vector, target);
        if (!_present[slot]) PresentCount++;
        _present[slot] = true;
    }

    /// <summary>Stores a vector that is already normalized, as read back from a snapshot or copied during compaction.</summary>
    public void SetNormalized(int slot, ReadOnlySpan<float> vector)
    {
        EnsureCapacity(slot + 1);
        vector.CopyTo(_blocks[slot >> BlockShift].AsSpan((slot & (BlockVectors - 1)) * Dimension, Dimension));
        if (!_present[slot]) PresentCount++;
        _present[slot] = true;
    }

    public void EnsureCapacity(int slots)
    {
        while (_blocks.Count * BlockVectors < slots) _blocks.Add(new float[BlockVectors * Dimension]);
        if (_present.Length < slots) Array.Resize(ref _present, Math.Max(slots, Math.Min(_present.Length * 2, _blocks.Count * BlockVectors)));
    }

    public static void Normalize(ReadOnlySpan<float> source, Span<float> target)
    {
        var norm = TensorPrimitives.Norm(source);
        if (norm > 0) TensorPrimitives.Divide(source, norm, target);
        else target.Clear();
    }
}
