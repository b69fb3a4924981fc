using Matchcut.Pipeline;

namespace Matchcut.Reports;

/// <summary>
/// result.json: everything the pipeline learned about one asset. Tags: the title-level tags (see <see cref="TitleTags"/>);
/// Provenance: per flavour (and for tags and scale) the method and model (file name, SHA-256) that made it.
/// </summary>
public sealed record AssetResult(
    AssetSummary Asset,
    string Profile,
    IReadOnlyList<string> Titles,
    IReadOnlyList<ShotSummary> Shots,
    IReadOnlyDictionary<string, IReadOnlyList<MatchSummary>> Matches,
    IReadOnlyDictionary<string, double> Timings,
    IReadOnlyDictionary<string, double>? Tags = null,
    IReadOnlyDictionary<string, ModelProvenance>? Provenance = null,
    IReadOnlyList<Beats.BeatEvent>? Beats = null);

/// <summary>The asset's identity and geometry (display size: rotation and pixel aspect applied); Timecode is the source's start timecode, when it has one.</summary>
public sealed record AssetSummary(string Id, string ContentHash, string SourceUri, double Fps, int FrameCount, double DurationSec, int Width, int Height,
    string? Timecode = null);

/// <summary>
/// A shot in source frames (endFrame inclusive) and seconds; keyframe is a path relative to result.json. Tags (COCO
/// class to its best detection confidence in the shot, only classes at or above their threshold, strongest first),
/// LowConfidenceTags (the classes detected below it, which search and beats ignore), scale (close-up, medium, wide),
/// silhouette and motion come from EmbedGpu for kept shots (tags empty and scale null when the models are not installed).
/// </summary>
public sealed record ShotSummary(int Index, int StartFrame, int EndFrame, double StartSec, double EndSec, string Keyframe,
    bool Kept, string? DropReason, int? DuplicateOf,
    IReadOnlyDictionary<string, double>? Tags = null, string? Scale = null, Silhouette? Silhouette = null, MotionSummary? Motion = null)
{
    public IReadOnlyDictionary<string, double> LowConfidenceTags { get; init; } = new Dictionary<string, double>();
}

/// <summary>
/// A match-cut pair: the end of shot A cut to the start of shot B. For frame pairs, the frames that were scored: AFrame
/// (last clean frame of A) and BFrame (first clean frame of B) as standardized frame numbers, ASec/BSec their times
/// (the first-frame and last-frame pictures show exactly these frames).
/// </summary>
public sealed record MatchSummary(int A, int B, double Score, int? AFrame = null, int? BFrame = null, double? ASec = null, double? BSec = null);
