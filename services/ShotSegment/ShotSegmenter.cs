using Matchcut.Analysis.Segmentation;
using Matchcut.Pipeline;
using Matchcut.ServiceDefaults;
using Matchcut.Media;
using Matchcut.Storage;

namespace Matchcut.ShotSegment;

/// <summary>Finds an asset's shots in its source frames and stores them with their clips and pictures.</summary>
public sealed class ShotSegmenter(IObjectStore store, ShotAnalyzer analyzer, ShotMaterializer materializer, Microsoft.Extensions.Options.IOptions<ShotLimitOptions> limits)
{
    /// <param name="features">Where the segmentation features, the standardized video and its timeline are (the message's manifest).</param>
    /// <param name="frames">Told how many source frames are segmented, when given.</param>
    public async Task<ShotList> SegmentAsync(string assetId, VideoProbe probe, FeatureManifest features, CancellationToken ct, IProgress<int>? frames = null)
    {
        var timelineKey = features.Require(FeatureNames.Timeline).Key;
        var timeline = await store.TryGetJsonAsync<StandardTimeline>(timelineKey, ct) ?? throw new ObjectNotFoundInStageException(timelineKey);
        // The features come from StandardizedEncode's decode of the source: nothing here decodes the source again.
        var segmentFeatures = features.Require(FeatureNames.SegmentFeatures);
        if (segmentFeatures.Version != SegmentationFeatures.Version)
            throw new AssetRejectedException($"The message's segmentation features are version {segmentFeatures.Version}; this ShotSegment reads {SegmentationFeatures.Version}.");
        if (!await store.ExistsAsync(segmentFeatures.Key, ct)) throw new ObjectNotFoundInStageException(segmentFeatures.Key);
        SegmentationFeatures decoded;
        await using (var stream = await store.OpenReadAsync(segmentFeatures.Key, ct)) decoded = await SegmentationFeatures.ReadAsync(stream, ct);
        frames?.Report(decoded.FrameCount);
        var analysis = analyzer.Segment(decoded, probe);
        // Before any clip is cut: every later stage's work grows with the shot count.
        if (analysis.Shots.Count > limits.Value.MaxShots)
            throw new AssetRejectedException($"The video has {analysis.Shots.Count} shots, more than the {limits.Value.MaxShots} allowed (ShotSegment:MaxShots).");
        var shots = analysis.Shots.Select(s => ToRecord(assetId, s, analysis, timeline)).ToList();

        using (var video = await store.OpenLocalFileAsync(features.Require(FeatureNames.StdVideo).Key, ct))
            await materializer.MaterializeAsync(assetId, video.Path, timeline, shots, ct);

        var duration = analysis.Shots.Count > 0 ? analysis.Shots[^1].EndSec : 0;
        var list = new ShotList(assetId, analysis.FrameCount, duration, shots,
            analysis.Boundaries.Select(b => new BoundaryRecord(b.Frame, b.Kind.ToString(), b.TransitionStart, b.TransitionEnd)).ToList());
        await store.PutJsonAsync(SegmentFeature.Shots(assetId), list, ct);
        return list;
    }

    /// <summary>The shot's frames outside the gradual transitions into and out of it (all of it when that leaves nothing).</summary>
    private static (int Start, int End) CleanRange(AnalyzedShot s, IReadOnlyList<ShotBoundary> boundaries)
    {
        var start = s.StartFrame;
        var end = s.EndFrame;
        foreach (var b in boundaries)
        {
            if (b.Kind == TransitionKind.Cut) continue;
            if (b.Frame == s.StartFrame && b.TransitionEnd >= s.StartFrame) start = Math.Max(start, b.TransitionEnd + 1);
            if (b.Frame == s.EndFrame + 1 && b.TransitionStart <= s.EndFrame) end = Math.Min(end, b.TransitionStart - 1);
        }
        return start <= end ? (start, end) : (s.StartFrame, s.EndFrame);
    }

    private static ShotRecord ToRecord(string assetId, AnalyzedShot s, ShotAnalysis analysis, StandardTimeline timeline)
    {
        var first = timeline.StandardFrameAt(s.StartSec);
        var next = timeline.StandardFrameAt(s.EndSec);
        var last = Math.Clamp(next - 1, first, Math.Max(first, timeline.FrameCount - 1));
        var key = Math.Clamp(timeline.StandardFrameAt(analysis.FrameTimes[s.KeyframeFrame]), first, last);
        var (cleanStart, cleanEnd) = CleanRange(s, analysis.Boundaries);
        var cleanFirst = Math.Clamp(timeline.StandardFrameAt(analysis.FrameTimes[cleanStart]), first, last);
        var cleanLast = cleanEnd + 1 < analysis.FrameTimes.Length
            ? Math.Clamp(timeline.StandardFrameAt(analysis.FrameTimes[cleanEnd + 1]) - 1, cleanFirst, last)
            : last;
        return new ShotRecord(s.Index, s.StartFrame, s.EndFrame, Math.Round(s.StartSec, 4), Math.Round(s.EndSec, 4), s.KeyframeFrame,
            s.Blank, Math.Round(s.MeanLuma, 2), s.Descriptor, first, last, key, cleanFirst, cleanLast,
            SegmentFeature.Clip(assetId, s.Index), SegmentFeature.Keyframe(assetId, s.Index),
            SegmentFeature.FirstFrame(assetId, s.Index), SegmentFeature.LastFrame(assetId, s.Index))
        {
            FrameDescriptors = s.FrameDescriptors,
        };
    }
}
