namespace Matchcut.Onnx;

/// <summary>Name, element type and shape of a model input or output as ORT reports it.</summary>
/// <param name="Name">Graph name of the input or output.</param>
/// <param name="ElementType">Element type; Undefined when the value is not a tensor.</param>
/// <param name="Shape">Dimensions; -1 marks a free (symbolic or unknown) dimension.</param>
/// <param name="SymbolicDimensions">Per dimension, its symbolic name, or empty when it is fixed or unnamed.</param>
public sealed record TensorInfo(
    string Name, TensorElementType ElementType, IReadOnlyList<long> Shape, IReadOnlyList<string> SymbolicDimensions)
{
    /// <summary>Shape as text, symbolic dimensions by name, e.g. [batch,3,416,416].</summary>
    public string ShapeText => ShapeFormat.Format(Shape, SymbolicDimensions);

    /// <inheritdoc />
    public override string ToString() => $"{Name}: {ElementType} {ShapeText}";
}

/// <summary>Formats shapes for error messages.</summary>
internal static class ShapeFormat
{
    public static string Format(IReadOnlyList<long> shape, IReadOnlyList<string>? symbolic = null) =>
        "[" + string.Join(",", shape.Select((d, i) =>
            d >= 0 ? d.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : symbolic is not null && i < symbolic.Count && symbolic[i].Length > 0 ? symbolic[i] : "?")) + "]";
}
