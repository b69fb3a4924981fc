namespace Matchcut.Vectors;

/// <summary>A shot found by its payload alone, without a query vector.</summary>
public sealed record IndexedShot(string ShotId, ShotPayload Payload);

/// <summary>One page of a listing: the shots on it, in (title, asset, shot index) order, and how many pass the filter in all.</summary>
public sealed record ShotListing(int Total, IReadOnlyList<IndexedShot> Shots);
