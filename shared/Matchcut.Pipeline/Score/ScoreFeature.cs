namespace Matchcut.Pipeline;

/// <summary>Score's feature: the top pairs per flavour (<see cref="MatchSet"/>), fingerprinted by the embeddings it scored.</summary>
public static class ScoreFeature
{
    public const string Version = "score-v3";

    public static string Matches(string assetId) => $"assets/{assetId}/score/{Version}/matches.json";

    public static FeatureRef Ref(string assetId, string? fingerprint) => new(Matches(assetId), Version, fingerprint);
}
