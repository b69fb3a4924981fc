namespace Matchcut.Vectors;

/// <summary>
/// A flavour's vectors changed width (another model made them) while the index still holds shots of the old width.
/// Nothing is dropped: index into a new collection (Qdrant: another <c>Vectors:Qdrant:Collection</c>) or a new
/// snapshot (in process), then re-index the stored embeddings; see docs/deploy.md.
/// </summary>
public sealed class VectorDimensionException(string where, string flavour, int stored, int requested, long shotsHeld)
    : InvalidOperationException(
        $"{where}: flavour '{flavour}' holds {stored}-dimensional vectors ({shotsHeld} shots indexed), the new vectors have {requested} dimensions. " +
        "The indexed shots are kept; index into a new collection (Vectors:Qdrant:Collection) or snapshot and re-index (docs/deploy.md, \"Re-indexing\").")
{
    /// <summary>The collection or index that refused the change.</summary>
    public string Where { get; } = where;

    public string Flavour { get; } = flavour;

    /// <summary>The dimension the index holds.</summary>
    public int Stored { get; } = stored;

    /// <summary>The dimension asked for.</summary>
    public int Requested { get; } = requested;
}
