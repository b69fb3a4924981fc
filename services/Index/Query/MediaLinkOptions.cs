namespace Matchcut.Index.Query;

/// <summary>How the API builds links to its own media endpoints; bound from "Query".</summary>
public sealed class MediaLinkOptions
{
    /// <summary>Largest K a caller may ask for.</summary>
    public int MaxK { get; set; } = 200;

    /// <summary>Largest page of shots.</summary>
    public int MaxPageSize { get; set; } = 500;

    /// <summary>Most titles one GET matches may name; each costs a nearest-neighbour search per kept shot.</summary>
    public int MaxMatchTitles { get; set; } = 8;

    /// <summary>Most pair reviews one title keeps; a new pair beyond it gets 409 (replacing or deleting one always works).</summary>
    public int MaxReviewsPerTitle { get; set; } = 10_000;
}
