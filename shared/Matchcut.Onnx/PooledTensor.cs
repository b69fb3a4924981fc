using System.Buffers;

namespace Matchcut.Onnx;

/// <summary>An input buffer rented from <see cref="ArrayPool{T}.Shared"/>; fill <see cref="Span"/>, run, then dispose.</summary>
/// <remarks>Per-frame inputs are megabytes; renting avoids a large-object-heap allocation on every frame.</remarks>
public sealed class PooledTensor<T> : IDisposable where T : unmanaged
{
    private T[]? _array;
    private readonly int _length;

    private PooledTensor(T[] array, int length, long[] shape)
    {
        _array = array;
        _length = length;
        Shape = shape;
    }

    /// <summary>Dimensions of the tensor.</summary>
    public IReadOnlyList<long> Shape { get; }

    /// <summary>The tensor's elements (exactly the product of the shape).</summary>
    public Span<T> Span => Array.AsSpan(0, _length);

    /// <summary>The tensor's elements as memory.</summary>
    public Memory<T> Memory => Array.AsMemory(0, _length);

    private T[] Array => _array ?? throw new ObjectDisposedException(nameof(PooledTensor<T>));

    /// <summary>Rents a buffer for a tensor of <paramref name="shape"/>; contents are not cleared.</summary>
    public static PooledTensor<T> Rent(params long[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        long length = 1;
        foreach (var d in shape)
        {
            if (d < 0) throw new ArgumentException($"Shape {ShapeFormat.Format(shape)} has a negative dimension.", nameof(shape));
            length = checked(length * d);
        }
        if (length > System.Array.MaxLength) throw new ArgumentException($"Shape {ShapeFormat.Format(shape)} is too large.", nameof(shape));
        var count = (int)length;
        return new PooledTensor<T>(ArrayPool<T>.Shared.Rent(count), count, (long[])shape.Clone());
    }

    /// <summary>Names this buffer as a model input.</summary>
    public TensorInput AsInput(string name) => TensorInput.Create<T>(name, Memory, [.. Shape]);

    /// <summary>Returns the buffer to the pool.</summary>
    public void Dispose()
    {
        var array = Interlocked.Exchange(ref _array, null);
        if (array is not null) ArrayPool<T>.Shared.Return(array);
    }
}
