namespace Matchcut.Vectors;

/// <summary>Shot vectors searchable across titles by cosine similarity, and shots listable by their payload.</summary>
public interface IVectorIndex
{
    /// <summary>
    /// Makes sure the index holds the flavours with these dimensions, adding missing ones. A flavour whose dimension
    /// changed while shots carry it throws <see cref="VectorDimensionException"/>; indexed shots are never dropped.
    /// </summary>
    Task EnsureFlavoursAsync(IReadOnlyDictionary<string, int> dimensions, CancellationToken ct = default);

    /// <summary>Inserts or replaces points by shot id; returns when they are searchable.</summary>
    Task UpsertAsync(IReadOnlyList<ShotPoint> points, CancellationToken ct = default);

    /// <summary>The K nearest shots, best first.</summary>
    Task<IReadOnlyList<VectorHit>> SearchAsync(VectorQuery query, CancellationToken ct = default);

    /// <summary>The shots passing <paramref name="filter"/>, by payload alone, in (title, asset, shot index) order: <paramref name="take"/> of them after the first <paramref name="skip"/>.</summary>
    Task<ShotListing> ListAsync(ShotFilter filter, int skip, int take, CancellationToken ct = default);

    /// <summary>
    /// The shots passing <paramref name="filter"/>, by payload alone, in the index's own stable order: up to
    /// <paramref name="take"/> from <paramref name="cursor"/> (null: from the start). Reads about as many shots as it
    /// returns, not the whole filtered set; shots indexed during a scroll may or may not appear.
    /// </summary>
    /// <exception cref="InvalidCursorException">The cursor was not made by this index.</exception>
    Task<ShotScroll> ScrollAsync(ShotFilter filter, string? cursor, int take, CancellationToken ct = default);

    /// <summary>The stored point, or null.</summary>
    Task<ShotPoint?> GetAsync(string shotId, CancellationToken ct = default);

    /// <summary>Removes every point of an asset; returns how many were removed where the index can tell, else -1.</summary>
    Task<int> DeleteAssetAsync(string assetId, CancellationToken ct = default);
}
