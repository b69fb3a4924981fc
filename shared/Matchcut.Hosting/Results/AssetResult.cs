using Matchcut.Hosting.Documents;

namespace Matchcut.Hosting.Results;

/// <summary>result.json: everything the pipeline learned about one asset.</summary>
public sealed record AssetResult(
    AssetSummary Asset,
    string Profile,
    IReadOnlyList<string> Titles,
    IReadOnlyList<ShotSummary> Shots,
    IReadOnlyDictionary<string, IReadOnlyList<MatchSummary>> Matches,
    IReadOnlyDictionary<string, double> Timings,
    IReadOnlyList<Beats.BeatEvent>? Beats = null);

/// <summary>The asset's identity and geometry (display size: rotation and pixel aspect applied); Timecode is the source's start timecode, when it has one.</summary>
public sealed record AssetSummary(string Id, string ContentHash, string SourceUri, double Fps, int FrameCount, double DurationSec, int Width, int Height,
    string? Timecode = null);

/// <summary>
/// A shot in source frames (endFrame inclusive) and seconds; keyframe is a path relative to result.json. Tags (COCO
/// class to normalized weight), scale (close-up, medium, wide), silhouette and motion come from EmbedGpu for kept shots
/// (tags empty and scale null when the models are not installed).
/// </summary>
public sealed record ShotSummary(int Index, int StartFrame, int EndFrame, double StartSec, double EndSec, string Keyframe,
    bool Kept, string? DropReason, int? DuplicateOf,
    IReadOnlyDictionary<string, double>? Tags = null, string? Scale = null, Silhouette? Silhouette = null, MotionSummary? Motion = null);

/// <summary>A match-cut pair: the end of shot A cut to the start of shot B.</summary>
public sealed record MatchSummary(int A, int B, double Score);
