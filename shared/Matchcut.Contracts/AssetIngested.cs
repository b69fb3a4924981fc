namespace Matchcut.Contracts;

/// <summary>The source was streamed once, hashed and stored under its content hash.</summary>
/// <param name="AlreadyProcessed">True when this content had been processed before: no stage runs again.</param>
public record AssetIngested(string AssetId, string ContentHash, string TitleId, string SourceUri, string SourceKey, bool AlreadyProcessed)
    : IAssetMessage;
