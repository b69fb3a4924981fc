namespace Matchcut.Vectors;

/// <summary>Nearest shots to a vector in one flavour, optionally within some titles and outside one title.</summary>
public sealed record VectorQuery(
    string Flavour,
    float[] Vector,
    int K,
    IReadOnlyCollection<string>? Titles = null,
    string? ExcludeTitle = null,
    string? ExcludeShotId = null);
