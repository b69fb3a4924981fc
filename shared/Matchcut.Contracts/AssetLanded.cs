namespace Matchcut.Contracts;

/// <summary>Published by the content pipeline when a video arrives: a file under a configured root or an s3:// key.</summary>
public record AssetLanded(string TitleId, string SourceUri, IReadOnlyDictionary<string, string>? Metadata = null);
