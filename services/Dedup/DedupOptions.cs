namespace Matchcut.Dedup;

/// <summary>Bound from the "Dedup" configuration section.</summary>
public sealed record DedupOptions
{
    /// <summary>Similarity of classical descriptors (the frame layouts, see NearDuplicateGrouper.Similarity) at or above which a later shot duplicates an earlier one.</summary>
    /// <remarks>On the generated edits of the quality bench (tuning seeds) another moment of one setup, re-encoded
    /// and softened, scores 0.85-0.99 when segmentation cut it cleanly, and shots of other setups at most 0.60 (two
    /// framings of one shot, two shots of one room): 0.65 sits just above the latter.</remarks>
    public double Threshold { get; set; } = 0.65;

    /// <summary>The same for the neural frame vector, used when the models are installed.</summary>
    /// <remarks>Two stretches of one shot score ~0.99; the closest different shots measured (hands close-ups of
    /// issue-195) 0.83 and the leaf-on-rock shots in other light 0.69: 0.95 sits between with room for re-encodes.</remarks>
    public double NeuralThreshold { get; set; } = 0.95;

    /// <summary>Shots shorter than this carry too little to match on and are dropped.</summary>
    public double MinShotSec { get; set; } = 0.5;
}
