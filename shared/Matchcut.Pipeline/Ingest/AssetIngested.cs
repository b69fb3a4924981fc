namespace Matchcut.Pipeline;

/// <summary>The source was streamed once, hashed and stored under its content hash.</summary>
/// <param name="AlreadyProcessed">True when this content had been processed before: every stage answers from its stored result.</param>
/// <param name="Features">The asset record and the source.</param>
public record AssetIngested(string AssetId, string ContentHash, string TitleId, string SourceUri, bool AlreadyProcessed, FeatureManifest Features)
    : IFeatureMessage;
