namespace Matchcut.Vectors;

/// <summary>Nearest shots to a vector in one flavour, optionally within some titles, outside one title, and with given tags and scale.</summary>
public sealed record VectorQuery(
    string Flavour,
    float[] Vector,
    int K,
    IReadOnlyCollection<string>? Titles = null,
    string? ExcludeTitle = null,
    string? ExcludeShotId = null,
    IReadOnlyCollection<string>? Tags = null,
    string? Scale = null)
{
    /// <summary>The query's filter on its own.</summary>
    public ShotFilter Filter => new(Titles, ExcludeTitle, ExcludeShotId, Tags, Scale);
}
