namespace Matchcut.Dedup;

/// <summary>Bound from the "Dedup" configuration section.</summary>
public sealed record DedupOptions
{
    /// <summary>Similarity of classical descriptors (the frame layouts, see NearDuplicateGrouper.Similarity) at or above which a later shot duplicates an earlier one.</summary>
    /// <remarks>On the generated edits of the quality bench (tuning seeds) another moment of one setup, re-encoded
    /// and softened, scores 0.85-0.99 when segmentation cut it cleanly, and shots of other setups at most 0.60 (two
    /// framings of one shot, two shots of one room): 0.65 sits just above the latter.</remarks>
    public double Threshold { get; set; } = 0.65;

    /// <summary>The same with a frame encoder (the default): <see cref="EncoderWeight"/> of the encoder's similarity plus the rest of the shifted layouts'.</summary>
    /// <remarks>On the generated edits of the quality bench (tuning seeds 1-8 and fresh seeds 2001-2012, shots cut
    /// cleanly), shots of other setups score at most 0.79 (two pillarboxed screen shots of one clip; a full frame and a
    /// crop of one shot 0.77); another moment of one setup scores 0.80 or more when the two share part of the picture
    /// (a camera tilt between the two moments included), but as low as 0.38 when a long tilt leaves nothing in common
    /// (sky only against sky over trees) and 0.71 when the subject left the picture: 0.8.</remarks>
    public double NeuralThreshold { get; set; } = 0.8;

    /// <summary>
    /// Share of the frame encoder's similarity when it judges with the layouts. The encoder alone rates a full frame
    /// and a crop of one shot (the same things, framed otherwise) as high as another moment of one setup; the layouts
    /// tell a crop (scaled) from a moved camera (shifted), but two framings of one room alike. 0.6 to 0.7 separate
    /// equally on the tuning and fresh seeds (0.6 keeps one more moved-camera revisit, a pan of the whole picture).
    /// </summary>
    public double EncoderWeight { get; set; } = 0.6;

    /// <summary>
    /// How far (in cells of the segmenter's 16x9 layout grid) two frames' layouts may be moved against each other,
    /// sideways and up or down, when the frame encoder judges with them (see NearDuplicateGrouper.ShiftedLayoutSimilarity).
    /// Three rows follow a camera that tilted by a third of the picture between two moments of one setup; sideways
    /// one column only, since moved further the edge of one pillarbox lines up with another's (two screen shots of
    /// one clip then score as one setup).
    /// </summary>
    public int LayoutShiftColumns { get; set; } = 1;

    /// <summary>See <see cref="LayoutShiftColumns"/>.</summary>
    public int LayoutShiftRows { get; set; } = 3;

    /// <summary>Shots shorter than this carry too little to match on and are dropped.</summary>
    public double MinShotSec { get; set; } = 0.5;
}
