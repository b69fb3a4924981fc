namespace Matchcut.Dedup;

/// <summary>Bound from the "Dedup" configuration section.</summary>
public sealed class DedupOptions
{
    /// <summary>Cosine similarity of shot descriptors at or above which a later shot duplicates an earlier one.</summary>
    public double Threshold { get; set; } = 0.92;

    /// <summary>Shots shorter than this carry too little to match on and are dropped.</summary>
    public double MinShotSec { get; set; } = 0.5;
}
