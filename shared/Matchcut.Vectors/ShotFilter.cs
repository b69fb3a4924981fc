namespace Matchcut.Vectors;

/// <summary>
/// Which shots a search or listing considers: within some titles (any of them), outside one title, not one shot, carrying
/// every one of some tags, of one scale. Null or empty parts do not filter. Tags and scale compare exactly (ordinal), so
/// callers pass them in lower case as they are stored.
/// </summary>
public sealed record ShotFilter(
    IReadOnlyCollection<string>? Titles = null,
    string? ExcludeTitle = null,
    string? ExcludeShotId = null,
    IReadOnlyCollection<string>? Tags = null,
    string? Scale = null)
{
    /// <summary>No filter: every shot.</summary>
    public static ShotFilter All { get; } = new();

    /// <summary>True when the filter looks at the annotations (tags or scale).</summary>
    public bool OnAnnotations => Tags is { Count: > 0 } || Scale is not null;

    /// <summary>Whether a shot passes, evaluated on its id and payload.</summary>
    public bool Allows(string shotId, ShotPayload payload) =>
        (Titles is not { Count: > 0 } || Titles.Contains(payload.TitleId))
        && payload.TitleId != ExcludeTitle
        && shotId != ExcludeShotId
        && AllowsAnnotations(payload);

    /// <summary>Whether the shot's tags and scale pass.</summary>
    public bool AllowsAnnotations(ShotPayload payload)
    {
        if (Scale is not null && payload.Scale != Scale) return false;
        if (Tags is { Count: > 0 } tags)
            foreach (var tag in tags)
                if (!payload.TagList.Contains(tag, StringComparer.Ordinal)) return false;
        return true;
    }
}
