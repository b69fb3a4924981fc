namespace Matchcut.Score;

/// <summary>Bound from the "Scoring" configuration section.</summary>
public sealed class ScoringOptions
{
    /// <summary>Pairs kept per flavour.</summary>
    public int TopK { get; set; } = 20;

    /// <summary>Pairs of shots closer than this in shot order are left out: neighbours already follow each other.</summary>
    public int MinShotGap { get; set; } = 2;
}
