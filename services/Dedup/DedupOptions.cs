namespace Matchcut.Dedup;

/// <summary>Bound from the "Dedup" configuration section.</summary>
public sealed record DedupOptions
{
    /// <summary>Similarity of classical descriptors (the frame layouts, see NearDuplicateGrouper.Similarity) at or above which a later shot duplicates an earlier one.</summary>
    /// <remarks>On the generated edits of the quality bench (tuning seeds) another moment of one setup, re-encoded
    /// and softened, scores 0.85-0.99 when segmentation cut it cleanly, and shots of other setups at most 0.60 (two
    /// framings of one shot, two shots of one room): 0.65 sits just above the latter.</remarks>
    public double Threshold { get; set; } = 0.65;

    /// <summary>
    /// The same with a frame encoder (the default): <see cref="EncoderWeight"/> of the encoder's similarity plus the rest
    /// of the shifted layouts', for two shots whose own frames all look alike; lowered by <see cref="SpreadAllowance"/>
    /// for two shots that each change over their length.
    /// </summary>
    /// <remarks>On the generated edits of the quality bench (tuning seeds 1-8, fresh seeds 2001-2012 and unseen seeds
    /// 3001-3012, shots cut cleanly), shots of other setups score at most 0.79 (two pillarboxed screen shots of one clip;
    /// a full frame and a crop of one shot 0.77), all of them shots that change little over their length; another moment
    /// of one setup scores 0.85 or more when little moves, and down to 0.69 when a camera move or a subject leaving the
    /// picture changes the shot (and then the shot's own ends differ as much), as low as 0.43 when a long tilt leaves
    /// nothing in common (sky only against sky over trees), which stays missed.</remarks>
    public double NeuralThreshold { get; set; } = 0.85;

    /// <summary>
    /// How much a shot's own change lowers the threshold when the frame encoder judges: the threshold of a pair is
    /// <see cref="NeuralThreshold"/> minus this times the smaller of the two shots' spreads, a shot's spread being one
    /// minus the similarity of its two least alike frames (encoder and unshifted layouts, weighted as a pair is). A shot
    /// that changes over its length (a camera move, a subject leaving) differs from another moment of itself by more
    /// than a still one does; both shots must change, so a still shot never lowers its partner's bar. 0.3: on the tuning,
    /// fresh and unseen seeds every pair of other setups stays at least 0.03 under its threshold, and 0.25 to 0.35 link
    /// the same revisits.
    /// </summary>
    public double SpreadAllowance { get; set; } = 0.3;

    /// <summary>
    /// Share of the frame encoder's similarity when it judges with the layouts. The encoder alone rates a full frame
    /// and a crop of one shot (the same things, framed otherwise) as high as another moment of one setup; the layouts
    /// tell a crop (scaled) from a moved camera (shifted), but two framings of one room alike. 0.6 to 0.7 separate
    /// equally on the tuning and fresh seeds (0.6 keeps one more moved-camera revisit, a pan of the whole picture).
    /// </summary>
    public double EncoderWeight { get; set; } = 0.6;

    /// <summary>
    /// The encoder's similarity from which two shots' layouts alone may judge them, when the layouts match better than
    /// the weighted sum: a subject that left the picture between two moments of one setup changes what the encoder sees
    /// (0.71 on the quality bench) while the setup's edges stay where they were (layouts 0.85). Below it the two show
    /// unrelated things and the layouts are not compared unless the weighted sum could reach the threshold. The other
    /// setups' layouts reach 0.78 at most on the quality bench (pillarboxed screens), under their threshold.
    /// </summary>
    public double LayoutsAloneFrom { get; set; } = 0.6;

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
