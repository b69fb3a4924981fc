using System.Buffers;
using System.Runtime.InteropServices;

namespace Matchcut.Onnx;

/// <summary>One output of a Run, copied out of ORT into a pooled managed buffer owned by its <see cref="RunResult"/>.</summary>
public sealed class OutputTensor
{
    private byte[]? _buffer;
    private readonly int _byteLength;

    internal OutputTensor(string name, TensorElementType elementType, long[] shape, byte[] buffer, int byteLength)
    {
        Name = name;
        ElementType = elementType;
        Shape = shape;
        _buffer = buffer;
        _byteLength = byteLength;
    }

    /// <summary>Graph output name.</summary>
    public string Name { get; }

    /// <summary>Element type of the data.</summary>
    public TensorElementType ElementType { get; }

    /// <summary>Actual dimensions of this output.</summary>
    public IReadOnlyList<long> Shape { get; }

    /// <summary>Number of elements.</summary>
    public int Length => _byteLength / TensorElementTypes.SizeOf(ElementType);

    /// <summary>The elements; valid until the owning <see cref="RunResult"/> is disposed.</summary>
    public ReadOnlySpan<T> AsSpan<T>() where T : unmanaged
    {
        var requested = TensorElementTypes.Of<T>();
        if (requested != ElementType)
        {
            throw new InvalidOperationException($"Output '{Name}' holds {ElementType} elements, not {requested}.");
        }
        var buffer = _buffer ?? throw new ObjectDisposedException(nameof(RunResult), $"Output '{Name}' was read after its RunResult was disposed.");
        return MemoryMarshal.Cast<byte, T>(buffer.AsSpan(0, _byteLength));
    }

    /// <summary>The elements as float32.</summary>
    public ReadOnlySpan<float> AsFloats() => AsSpan<float>();

    /// <summary>A copy of the elements that outlives the <see cref="RunResult"/>.</summary>
    public T[] ToArray<T>() where T : unmanaged => AsSpan<T>().ToArray();

    internal void ReturnBuffer()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null) ArrayPool<byte>.Shared.Return(buffer);
    }
}
