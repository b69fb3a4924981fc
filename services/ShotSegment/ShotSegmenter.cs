using Matchcut.Analysis.Segmentation;
using Matchcut.Hosting;
using Matchcut.Hosting.Documents;
using Matchcut.Media;
using Matchcut.Storage;

namespace Matchcut.ShotSegment;

/// <summary>Finds an asset's shots in its source frames and stores them with their clips and pictures.</summary>
public sealed class ShotSegmenter(IObjectStore store, ShotAnalyzer analyzer, ShotMaterializer materializer)
{
    /// <param name="frames">Told how many source frames are segmented, when given.</param>
    public async Task<ShotList> SegmentAsync(AssetRecord asset, CancellationToken ct, IProgress<int>? frames = null)
    {
        var profile = StandardizedProfile.V1.Name;
        var timeline = await store.TryGetJsonAsync<StandardTimeline>(AssetKeys.Timeline(asset.Id, profile), ct)
                       ?? throw new ObjectNotFoundInStageException(AssetKeys.Timeline(asset.Id, profile));
        // The features come from StandardizedEncode's decode of the source: nothing here decodes the source again.
        var featuresKey = AssetKeys.SegmentFeatures(asset.Id, profile, SegmentationFeatures.Version);
        if (!await store.ExistsAsync(featuresKey, ct)) throw new ObjectNotFoundInStageException(featuresKey);
        SegmentationFeatures features;
        await using (var stream = await store.OpenReadAsync(featuresKey, ct)) features = await SegmentationFeatures.ReadAsync(stream, ct);
        frames?.Report(features.FrameCount);
        var analysis = analyzer.Segment(features, asset.Probe);
        var shots = analysis.Shots.Select(s => ToRecord(asset.Id, s, analysis, timeline)).ToList();

        var video = await store.GetLocalPathAsync(AssetKeys.StandardVideo(asset.Id, profile), ct);
        await materializer.MaterializeAsync(asset.Id, video, timeline, shots, ct);

        var duration = analysis.Shots.Count > 0 ? analysis.Shots[^1].EndSec : 0;
        var list = new ShotList(asset.Id, analysis.FrameCount, duration, shots,
            analysis.Boundaries.Select(b => new BoundaryRecord(b.Frame, b.Kind.ToString(), b.TransitionStart, b.TransitionEnd)).ToList());
        await store.PutJsonAsync(AssetKeys.Shots(asset.Id), list, ct);
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
            AssetKeys.Clip(assetId, s.Index), AssetKeys.Keyframe(assetId, s.Index),
            AssetKeys.FirstFrame(assetId, s.Index), AssetKeys.LastFrame(assetId, s.Index))
        {
            FrameDescriptors = s.FrameDescriptors,
        };
    }
}
