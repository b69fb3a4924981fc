namespace Matchcut.Vectors;

/// <summary>Which vector index; bound from the "Vectors" configuration section.</summary>
public sealed class VectorsOptions
{
    public const string SectionName = "Vectors";

    /// <summary>"InProcess" (the embedded default) or "Qdrant".</summary>
    public string Kind { get; set; } = "InProcess";
}
