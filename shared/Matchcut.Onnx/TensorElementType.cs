namespace Matchcut.Onnx;

/// <summary>ORT's <c>ONNXTensorElementDataType</c>.</summary>
public enum TensorElementType
{
    /// <summary>Not a tensor, or unknown.</summary>
    Undefined = 0,
    /// <summary>float32.</summary>
    Float = 1,
    /// <summary>uint8.</summary>
    UInt8 = 2,
    /// <summary>int8.</summary>
    Int8 = 3,
    /// <summary>uint16.</summary>
    UInt16 = 4,
    /// <summary>int16.</summary>
    Int16 = 5,
    /// <summary>int32.</summary>
    Int32 = 6,
    /// <summary>int64.</summary>
    Int64 = 7,
    /// <summary>string (not supported by this binding's tensors).</summary>
    String = 8,
    /// <summary>bool, one byte each.</summary>
    Bool = 9,
    /// <summary>IEEE half.</summary>
    Float16 = 10,
    /// <summary>float64.</summary>
    Double = 11,
    /// <summary>uint32.</summary>
    UInt32 = 12,
    /// <summary>uint64.</summary>
    UInt64 = 13,
}

/// <summary>Maps CLR element types to ORT element types and sizes.</summary>
public static class TensorElementTypes
{
    /// <summary>The ORT element type for <typeparamref name="T"/>; throws for types the binding does not map.</summary>
    public static TensorElementType Of<T>() where T : unmanaged => typeof(T) switch
    {
        var t when t == typeof(float) => TensorElementType.Float,
        var t when t == typeof(double) => TensorElementType.Double,
        var t when t == typeof(long) => TensorElementType.Int64,
        var t when t == typeof(int) => TensorElementType.Int32,
        var t when t == typeof(byte) => TensorElementType.UInt8,
        var t when t == typeof(sbyte) => TensorElementType.Int8,
        _ => throw new NotSupportedException($"Tensor element type {typeof(T).Name} is not supported."),
    };

    /// <summary>Bytes per element, or 0 for types without a fixed size (string).</summary>
    public static int SizeOf(TensorElementType type) => type switch
    {
        TensorElementType.Float or TensorElementType.Int32 or TensorElementType.UInt32 => 4,
        TensorElementType.Double or TensorElementType.Int64 or TensorElementType.UInt64 => 8,
        TensorElementType.UInt8 or TensorElementType.Int8 or TensorElementType.Bool => 1,
        TensorElementType.UInt16 or TensorElementType.Int16 or TensorElementType.Float16 => 2,
        _ => 0,
    };
}
