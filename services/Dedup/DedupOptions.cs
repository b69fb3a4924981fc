namespace Matchcut.Dedup;

/// <summary>Bound from the "Dedup" configuration section.</summary>
public sealed record DedupOptions
{
    /// <summary>Cosine similarity of classical (colour-layout) descriptors at or above which a later shot duplicates an earlier one.</summary>
    public double Threshold { get; set; } = 0.92;

    /// <summary>The same for the neural frame vector, used when the models are installed.</summary>
    public double NeuralThreshold { get; set; } = 0.95;

    /// <summary>Shots shorter than this carry too little to match on and are dropped.</summary>
    public double MinShotSec { get; set; } = 0.5;
}
