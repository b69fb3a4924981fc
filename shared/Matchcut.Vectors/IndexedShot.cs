namespace Matchcut.Vectors;

/// <summary>A shot found by its payload alone, without a query vector.</summary>
public sealed record IndexedShot(string ShotId, ShotPayload Payload);

/// <summary>One page of a listing: the shots on it, in (title, asset, shot index) order, and how many pass the filter in all.</summary>
public sealed record ShotListing(int Total, IReadOnlyList<IndexedShot> Shots);

/// <summary>
/// One page of a scroll: the shots on it, in the index's own stable order, and the cursor to the next page (null at
/// the end). A cursor is opaque, made by the index that gave it.
/// </summary>
public sealed record ShotScroll(IReadOnlyList<IndexedShot> Shots, string? Next);

/// <summary>A scroll cursor this index did not make.</summary>
public sealed class InvalidCursorException(string cursor) : ArgumentException($"'{(cursor.Length > 40 ? cursor[..40] + "…" : cursor)}' is not a cursor this index gave.");
