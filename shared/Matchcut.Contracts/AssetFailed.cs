namespace Matchcut.Contracts;

/// <summary>A stage gave up on an asset; the pipeline goes on with other work.</summary>
/// <param name="AssetId">Null when the failure came before the content could be hashed.</param>
/// <param name="Retriable">False for bad input (it will fail again); true for faults that outlived retries.</param>
public record AssetFailed(string? AssetId, string TitleId, string SourceUri, string Stage, string Reason, bool Retriable);
