namespace Matchcut.Dedup;

/// <summary>Bound from the "Dedup" configuration section.</summary>
public sealed record DedupOptions
{
    /// <summary>Cosine similarity of classical (colour-layout) descriptors at or above which a later shot duplicates an earlier one.</summary>
    /// <remarks>On the segmenter's colour-layout descriptor two stretches of one shot score ~0.86, different shots
    /// below 0.5 and the same subject in other light ~0.3: 0.75 sits between.</remarks>
    public double Threshold { get; set; } = 0.75;

    /// <summary>The same for the neural frame vector, used when the models are installed.</summary>
    /// <remarks>Two stretches of one shot score ~0.99; the closest different shots measured (hands close-ups of
    /// issue-195) 0.83 and the leaf-on-rock shots in other light 0.69: 0.95 sits between with room for re-encodes.</remarks>
    public double NeuralThreshold { get; set; } = 0.95;

    /// <summary>Shots shorter than this carry too little to match on and are dropped.</summary>
    public double MinShotSec { get; set; } = 0.5;
}
