using System.Buffers;

namespace Matchcut.Onnx;

/// <summary>A named input tensor over caller-owned memory, pinned only for the duration of a Run.</summary>
public sealed class TensorInput
{
    private readonly Func<MemoryHandle> _pin;

    private TensorInput(string name, TensorElementType elementType, long[] shape, long length, int elementSize, Func<MemoryHandle> pin)
    {
        Name = name;
        ElementType = elementType;
        Shape = shape;
        Length = length;
        ByteLength = length * elementSize;
        _pin = pin;
    }

    /// <summary>Graph input name.</summary>
    public string Name { get; }

    /// <summary>Element type of the data.</summary>
    public TensorElementType ElementType { get; }

    /// <summary>Dimensions of the tensor.</summary>
    public IReadOnlyList<long> Shape { get; }

    /// <summary>Number of elements in the data.</summary>
    public long Length { get; }

    internal long ByteLength { get; }

    /// <summary>Wraps <paramref name="data"/> (float, double, long, int, byte or sbyte) with the given shape, without copying.</summary>
    public static TensorInput Create<T>(string name, ReadOnlyMemory<T> data, params long[] shape) where T : unmanaged
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(shape);
        var type = TensorElementTypes.Of<T>();
        return new TensorInput(name, type, (long[])shape.Clone(), data.Length, TensorElementTypes.SizeOf(type), data.Pin);
    }

    /// <summary>A float32 input.</summary>
    public static TensorInput Float(string name, ReadOnlyMemory<float> data, params long[] shape) => Create(name, data, shape);

    /// <summary>An int64 input.</summary>
    public static TensorInput Int64(string name, ReadOnlyMemory<long> data, params long[] shape) => Create(name, data, shape);

    internal MemoryHandle Pin() => _pin();
}
