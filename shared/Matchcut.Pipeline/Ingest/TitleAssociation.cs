namespace Matchcut.Pipeline;

/// <summary>An asset landed under a title (the same content may land under several).</summary>
public sealed record TitleAssociation(
    string TitleId,
    string AssetId,
    string SourceUri,
    IReadOnlyDictionary<string, string>? Metadata,
    DateTimeOffset LandedAt);
