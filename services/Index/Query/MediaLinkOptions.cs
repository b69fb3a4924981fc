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
}
