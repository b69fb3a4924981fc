namespace Matchcut.Dedup;

/// <summary>Bound from the "Dedup" configuration section.</summary>
public sealed record DedupOptions
{
    /// <summary>Similarity of classical descriptors (the frame layouts, see NearDuplicateGrouper.Similarity) at or above which a later shot duplicates an earlier one.</summary>
    /// <remarks>On the generated edits of the quality bench (tuning seeds) another moment of one setup, re-encoded
    /// and softened, scores 0.85-0.99 when segmentation cut it cleanly, and shots of other setups at most 0.60 (two
    /// framings of one shot, two shots of one room): 0.65 sits just above the latter.</remarks>
    public double Threshold { get; set; } = 0.65;

    /// <summary>The same with a frame encoder (the default): <see cref="EncoderWeight"/> of the encoder's similarity plus the rest of the layouts'.</summary>
    /// <remarks>On the generated edits of the quality bench (tuning seeds 1-8, shots cut cleanly) another moment of one
    /// setup, softened and coarsely encoded, scores at least 0.78 (a hand that moved between two moments of a close-up),
    /// apart from a bird that flew out of the picture (0.64), and shots of other setups at most 0.72 (a full frame and
    /// a crop of one shot): 0.75 sits between.</remarks>
    public double NeuralThreshold { get; set; } = 0.75;

    /// <summary>
    /// Share of the frame encoder's similarity when it judges with the layouts. The encoder alone rates a full frame
    /// and a crop of one shot (the same things, framed otherwise) as high as a hand that moved between two moments of
    /// one close-up; the layouts alone rate two framings of one room alike. From 0.6 to 0.8 the gap between the two on
    /// the tuning seeds barely changes (0.053-0.062; 0.051 for the encoder alone): 0.7.
    /// </summary>
    public double EncoderWeight { get; set; } = 0.7;

    /// <summary>Shots shorter than this carry too little to match on and are dropped.</summary>
    public double MinShotSec { get; set; } = 0.5;
}
