namespace Matchcut.Analysis.Segmentation;

/// <summary>Every threshold of shot segmentation, each default with the reason for it. Luma values are on the 0-255 scale.</summary>
public sealed class SegmentationOptions
{
    /// <summary>Decode width in display aspect: 128 px keeps grid cells 8 px wide and decoding cheap; cuts need no detail.</summary>
    public int AnalysisWidth { get; set; } = 128;

    /// <summary>
    /// Decode without the in-loop deblocking filter (standalone analysis only): about 6 % faster at 1080p, but the
    /// pipeline takes its features from the decode shared with the standardized encode, which must deblock; off, so
    /// a standalone analysis gives exactly the pipeline's features.
    /// </summary>
    public bool SkipLoopFilter { get; set; }

    /// <summary>A shot next to a dissolve, wipe or fade lasting less is merged into a neighbour: a fit that short is a shot starting to move or change light.</summary>
    public double MinShotSeconds { get; set; } = 0.4;

    /// <summary>A shot between two hard cuts (or a cut and the video's start or end) lasting fewer frames is merged into a neighbour: trailers and montages cut every two or three frames; one frame is a flash.</summary>
    public int MinCutShotFrames { get; set; } = 2;

    // Hard cuts.

    /// <summary>Half-width of the neighbourhood a cut must stand out from: 0.25 s spans a few frames of steady motion without reaching the next cut.</summary>
    public double CutWindowSeconds { get; set; } = 0.25;

    /// <summary>
    /// Least change score for a montage cut, one beside a larger cut within <see cref="CutWindowSeconds"/> (trailers cut
    /// every two to four frames): the real-edit tuning clip's measured 0.59-0.69; a change inside a shot seldom passes the
    /// new-layout test (<see cref="CutNewLayout"/>) with this much.
    /// </summary>
    public float MontageCutMinScore { get; set; } = 0.3f;

    /// <summary>A cut's change must exceed this multiple of the neighbourhood's median change (plus the floor below): motion raises both, a cut only itself.</summary>
    public double CutRatio { get; set; } = 3;

    /// <summary>Least change score (0-1) for a cut: below it, two shots look alike in both colours and layout; real cuts measured 0.15-0.85.</summary>
    public float CutMinScore { get; set; } = 0.1f;

    /// <summary>Least change score for a cut in a quiet stretch, where it must also exceed every other change near it by <see cref="CutQuietRatio"/>: a cut between two dark, still shots measured 0.09.</summary>
    public float CutQuietMinScore { get; set; } = 0.04f;

    /// <summary>How many times the largest other change within the cut window a quiet cut must be (the two adjacent frames aside when the layout changes, see <see cref="CutNewLayout"/>): still shots change by 0.001-0.01 per frame.</summary>
    public float CutQuietRatio { get; set; } = 8;

    /// <summary>
    /// Least share of a frame's colour-grid pattern the frame before does not predict (<see cref="GridDistance.Uncorrelated"/>) for a
    /// quiet cut to count as a new layout: a cut between two dim boxed pictures measured 0.69, a small object entering a still shot 0.10.
    /// </summary>
    public float CutNewLayout { get; set; } = 0.5f;

    /// <summary>How many times the change of either adjacent frame a cut's change must be: at cuts the next frames changed 5-12 times less, in a fast move that builds over several frames 2 times less.</summary>
    public float CutIsolationRatio { get; set; } = 2.5f;

    /// <summary>Mean per-pixel luma change that counts as a complete picture change: unrelated pictures differ by 60-90 levels.</summary>
    public float CutFullPixelChange { get; set; } = 64;

    /// <summary>
    /// Luma standard deviation of an ordinary picture (footage measured 45-70): a pair of pictures both under it has
    /// its change scores scaled by this over their contrast, up to <see cref="CutMaxContrastGain"/>.
    /// </summary>
    public float CutReferenceContrast { get; set; } = 50;

    /// <summary>Most a low-contrast pair's change is scaled by: a picture graded to a third of its contrast measured 17.</summary>
    public float CutMaxContrastGain { get; set; } = 3;

    /// <summary>Longest flash (or brief insert) to be looked through: 0.25 s covers photographer flashes and lightning of 2-6 frames.</summary>
    public double FlashMaxSeconds { get; set; } = 0.25;

    /// <summary>A jump is a flash if frames either side of it differ by less than this share of the jump itself.</summary>
    public float FlashReturnFraction { get; set; } = 0.35f;

    // Black and blank.

    /// <summary>Mean luma at or under which a frame may be black: fades reach 0-2, dark scenes rarely average under 8.</summary>
    public float BlackMeanLuma { get; set; } = 8;

    /// <summary>Mean luma at or over which a flat frame (<see cref="BlankLumaStd"/>) is white: the middle of a fade through white reaches 250-255.</summary>
    public float WhiteMeanLuma { get; set; } = 235;

    /// <summary>98th-percentile luma at or under which a frame may be black: lets through a faint logo or noise, not a lit subject.</summary>
    public float BlackBrightLuma { get; set; } = 40;

    /// <summary>Levels above a black run's median luma still counted as its plateau: the dark end of a fade is ramp, not black.</summary>
    public float BlackPlateauMargin { get; set; } = 1;

    /// <summary>Luma standard deviation under which a frame is a flat card: text-free cards measure under 3, real pictures above 10.</summary>
    public float BlankLumaStd { get; set; } = 6;

    /// <summary>Share of blank frames that makes the whole shot blank: tolerates a stray frame of fade.</summary>
    public double BlankShotFraction { get; set; } = 0.9;

    /// <summary>Least luma change per frame that still counts as the ramp of a fade: above frame noise, below any real fade's step.</summary>
    public float FadeStepLuma { get; set; } = 0.1f;

    /// <summary>Under this share of change left after a brightness gain, two pictures are the same picture in other light (fades.mp4: about 0).</summary>
    public float SamePictureUnexplained { get; set; } = 0.5f;

    /// <summary>Under this mean grid difference two pictures are the same whatever the gain test says.</summary>
    public float SamePictureDistance { get; set; } = 6;

    // Dissolves and wipes.

    /// <summary>
    /// Half-lengths (seconds) of windows fitted for soft transitions: edits use 0.3-2 s, so 0.15-1.2 s halves by
    /// default. Null until configured, because the configuration binder appends to an array it finds filled.
    /// </summary>
    public double[]? TransitionHalfSeconds { get; set; }

    public static readonly double[] DefaultTransitionHalfSeconds = [0.15, 0.3, 0.5, 0.75, 1.0, 1.2];

    /// <summary>The half-lengths in effect.</summary>
    public double[] TransitionHalves => TransitionHalfSeconds ?? DefaultTransitionHalfSeconds;

    /// <summary>Least mean grid difference between a window's ends to look for a transition: different shots differ by 25+ levels.</summary>
    public float TransitionMinChange { get; set; } = 15;

    /// <summary>A grid cell whose brightest channel stays at or under this in both pictures is box bar or black border, not picture: transition tests leave it out.</summary>
    public float BoxBarLuma { get; set; } = 12;

    /// <summary>Least RGB change per channel (RMS) for a grid cell to count as changed between a transition's two pictures.</summary>
    public double TransitionCellChange { get; set; } = 20;

    /// <summary>Share of cells that must change across a dissolve or wipe: a new shot replaces the picture, a title or passing subject only part of it.</summary>
    public double TransitionMinChangedCells { get; set; } = 0.5;

    /// <summary>Least RGB change per channel (RMS) for a cell to count as touched by a faint change: above grid noise (1-3 levels).</summary>
    public double TransitionFaintCellChange { get; set; } = 8;

    /// <summary>
    /// Share of cells a dissolve must touch (by <see cref="TransitionFaintCellChange"/>) when fewer than
    /// <see cref="TransitionMinChangedCells"/> change clearly: dissolves between two framings of one shot or two dim
    /// pictures touched 0.76-0.99; windows inside shots whose blend fits as closely (<see cref="FaintDissolveMaxResidual"/>) at most 0.47.
    /// </summary>
    public double TransitionMinFaintCells { get; set; } = 0.7;

    /// <summary>
    /// Most a blend may miss the frames between (share of the change between ends) when it rests on a faint change:
    /// such dissolves fit within 0.01-0.05, a faint change inside a shot (a subject, the light) rarely within 0.1.
    /// </summary>
    public double FaintDissolveMaxResidual { get; set; } = 0.1;

    /// <summary>Largest camera move (grid cells) tried when asking whether a window's ends are one picture shifted.</summary>
    public int CameraMoveMaxCells { get; set; } = 3;

    /// <summary>Least mean grid difference between two frames for the shift test to mean anything: below it, noise decides.</summary>
    public float CameraMoveMinChange { get; set; } = 4;

    /// <summary>
    /// A gradual transition's change between its window's ends must be at least this many times the change over the
    /// same length just before or just after it (the quieter of the two): a zoom, a pan or a subject moving changes the
    /// picture as fast outside the window as inside.
    /// </summary>
    public float GradualProminence { get; set; } = 1.5f;

    /// <summary>If a shift matches the ends this much better than none (share of the unshifted difference), the camera moved: no transition.</summary>
    public float CameraMoveMatchRatio { get; set; } = 0.6f;

    /// <summary>
    /// Mean share of the change a blend may miss and still count as a dissolve when the window's ends also match as one
    /// picture shifted: two framings of one shot share content, so their ends match shifted, but a camera move carries
    /// content across cells instead of mixing it, and a blend does not fit its frames this closely (dissolves: 0.02-0.05).
    /// </summary>
    public double DissolveOverCameraMoveResidual { get; set; } = 0.05;

    /// <summary>Most a blend may miss the frames between (share of the change between ends): dissolves fit within 0.1-0.2, motion misses by 0.5+.</summary>
    public double DissolveMaxResidual { get; set; } = 0.3;

    /// <summary>How far a blend weight or flipped share may step back: noise and moving subjects wobble it a little.</summary>
    public float MonotonicTolerance { get; set; } = 0.12f;

    /// <summary>Frames a soft transition must show between its two pictures: a cut shows none.</summary>
    public int MinInBetweenFrames { get; set; } = 2;

    /// <summary>Most a cell may sit off the line between its two pictures: cells under the wipe edge are mixed for a frame.</summary>
    public double WipeMaxResidual { get; set; } = 0.35;

    /// <summary>Most cells that may be half-way at once, in any one frame: in a wipe only the column under the edge is (measured up to 0.12), in a dissolve all are, and in a window over a dissolve and the next shot a third stay half-way for many frames.</summary>
    public double WipeMaxInBetween { get; set; } = 0.35;

    /// <summary>
    /// Mean share of the change a sweep may miss and still count as a wipe when the window's ends also match as one
    /// picture shifted: a wipe's edge moving between two smooth pictures matches a shifted picture as a pan does, but
    /// its cells go straight from one picture to the other in place (wipes: 0.00-0.02, where a shift matched).
    /// </summary>
    public double WipeOverCameraMoveResidual { get; set; } = 0.05;

    /// <summary>Shortest wipe, in seconds: editors sweep over 0.3 s and more; a hand leaving the picture sweeps in 0.15 s.</summary>
    public double WipeMinSeconds { get; set; } = 0.25;

    /// <summary>Least spread of flip times (share of the window): a wipe sweeps, a cut flips everything at once.</summary>
    public double WipeMinSpread { get; set; } = 0.25;

    /// <summary>Most average flip-time gap between neighbouring cells (share of the spread): a sweep is spatially smooth.</summary>
    public double WipeMaxNeighbourJump { get; set; } = 0.3;

    /// <summary>Longest pause between cell flips (share of the spread): a sweep keeps moving; a window over two transitions pauses between them.</summary>
    public double WipeMaxPause { get; set; } = 0.5;

    // Strengths decide which boundary goes when two are closer than the minimum shot.

    /// <summary>Strength of a fade or dip: a black frame is unambiguous, so about as strong as a clear cut.</summary>
    public float FadeStrength { get; set; } = 0.6f;

    /// <summary>Scale of a dissolve's or wipe's fit quality: softer evidence than a cut.</summary>
    public float GradualStrength { get; set; } = 0.5f;

    // Keyframes and descriptors.

    /// <summary>Share of the steady part of a shot skipped at each end when picking keyframes and descriptor frames.</summary>
    public double KeyframeEdgeFraction { get; set; } = 0.1;

    /// <summary>How much a keyframe's sharpness is discounted towards the shot's ends: the middle usually shows the subject best.</summary>
    public double KeyframeCentreWeight { get; set; } = 0.5;

    /// <summary>Frames averaged into a descriptor: enough to stand for a moving shot, few enough to stay cheap.</summary>
    public int DescriptorFrames { get; set; } = 5;

    /// <summary>Single frames spread over a shot, each described alone, that a returning shot is compared by: a few moments of the shot.</summary>
    public int RevisitFrames { get; set; } = 8;

    /// <summary>Weight of chroma against luma in the descriptor: colour cast separates the same place in other light.</summary>
    public double DescriptorChromaWeight { get; set; } = 2;

    /// <summary>Weight of the mean-removed luma pattern: keeps layout decisive when two shots share a brightness.</summary>
    public double DescriptorPatternWeight { get; set; } = 1;
}
