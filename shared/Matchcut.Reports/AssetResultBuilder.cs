using Matchcut.Pipeline;
using Matchcut.Media;
using Matchcut.Storage;

namespace Matchcut.Reports;

/// <summary>
/// Assembles result.json from what the stages stored, found through the asset's feature manifest (as Index completed
/// it), and copies the shots' pictures next to it.
/// </summary>
public sealed class AssetResultBuilder(IObjectStore store, AssetCatalog catalog, Microsoft.Extensions.Options.IOptions<TagsOptions> tags)
{
    public async Task<AssetResult> BuildAsync(string assetId, CancellationToken ct = default)
    {
        var asset = await catalog.GetAssetAsync(assetId, ct) ?? throw new ObjectNotFoundException(AssetKeys.Asset(assetId));
        var features = await catalog.RequireFeaturesAsync(assetId, ct);
        var shots = await store.GetJsonAsync<ShotList>(features.Require(FeatureNames.Shots).Key, ct);
        var dedup = await store.GetJsonAsync<DedupResult>(features.Require(FeatureNames.Dedup).Key, ct);
        var matches = await store.GetJsonAsync<MatchSet>(features.Require(FeatureNames.Matches).Key, ct);
        var timelineFeature = features.Require(FeatureNames.Timeline);
        var timeline = await store.GetJsonAsync<StandardTimeline>(timelineFeature.Key, ct);
        var statuses = await catalog.GetStatusesAsync(assetId, ct);
        var titles = await catalog.TitlesOfAssetAsync(assetId, ct);
        var verdicts = dedup.Shots.ToDictionary(v => v.Index);
        var embeddings = await store.GetJsonAsync<EmbeddingSet>(features.Require(FeatureNames.Embeddings).Key, ct);
        var annotations = features.Find(FeatureNames.Annotations) is { } a && await store.TryGetJsonAsync<ShotAnnotationSet>(a.Key, ct) is { } set
            ? set.Shots.ToDictionary(a => a.Shot)
            : new Dictionary<int, ShotAnnotation>();

        var probe = asset.Probe;
        var (width, height) = DisplaySize(probe);
        var result = new AssetResult(
            new AssetSummary(asset.Id, asset.ContentHash, asset.SourceUri, Math.Round(probe.FrameRate, 3), shots.FrameCount,
                Math.Round(shots.DurationSec, 3), width, height, probe.Timecode),
            timeline.Profile,
            titles.Select(t => t.TitleId).ToList(),
            shots.Shots.Select(s => Summary(s, verdicts[s.Index], annotations.GetValueOrDefault(s.Index))).ToList(),
            matches.Flavours.ToDictionary(f => f.Key, f => (IReadOnlyList<MatchSummary>)f.Value.Select(p => new MatchSummary(p.A, p.B, p.Score,
                p.AFrame, p.BFrame, StdSec(p.AFrame, timeline.FrameRate), StdSec(p.BFrame, timeline.FrameRate))).ToList()),
            statuses.Values.Where(s => s.State == StageState.Completed).ToDictionary(s => s.Stage, s => Math.Round(s.Seconds, 3)),
            TitleTags.Compute(annotations.Values.Where(a => verdicts.TryGetValue(a.Shot, out var v) && v.Kept).ToList(), tags.Value),
            Provenance(matches, embeddings, dedup));
        return result with { Beats = Beats.BeatEvents.Of(asset.Id, result.Shots) };
    }

    /// <summary>
    /// A shot as result.json shows it: its tags are the classes at or above their threshold (Tags options) with their
    /// confidence, strongest first, as search and the API show them; the classes below are listed apart.
    /// </summary>
    private ShotSummary Summary(ShotRecord s, ShotVerdict verdict, ShotAnnotation? annotation)
    {
        var labels = tags.Value.Labels(annotation);
        var shown = (labels.Tags ?? []).ToDictionary(t => t, t => labels.Confidence.TryGetValue(t, out var c) ? c
            : annotation!.Tags.FirstOrDefault(w => string.Equals(w.Key, t, StringComparison.OrdinalIgnoreCase)).Value);
        return new ShotSummary(s.Index, s.StartFrame, s.EndFrame, s.StartSec, s.EndSec, PicturePath("keyframes", s.Index),
            verdict.Kept, verdict.DropReason, verdict.DuplicateOf, shown, annotation?.Scale, annotation?.Silhouette, annotation?.Motion)
        {
            LowConfidenceTags = labels.LowConfidence,
        };
    }

    /// <summary>Per flavour the method and model that made it, plus tags, scale and dedup's descriptor.</summary>
    public static IReadOnlyDictionary<string, ModelProvenance> Provenance(MatchSet matches, EmbeddingSet? embeddings, DedupResult? dedup)
    {
        var p = new Dictionary<string, ModelProvenance>(StringComparer.Ordinal);
        foreach (var (k, v) in embeddings?.Provenance ?? new Dictionary<string, ModelProvenance>()) p[k] = v;
        foreach (var (k, v) in matches.Provenance ?? new Dictionary<string, ModelProvenance>()) p[k] = v;
        if (dedup?.Provenance is { } d) p["dedup"] = d;
        return p;
    }

    private static double? StdSec(int? frame, double frameRate) => frame is { } f ? Math.Round(f / frameRate, 3) : null;


    /// <summary>Copies keyframes and first/last frames into the output folder under the paths result.json names.</summary>
    public async Task CopyPicturesAsync(string assetId, string folder, CancellationToken ct = default)
    {
        var features = await catalog.RequireFeaturesAsync(assetId, ct);
        var shots = await store.GetJsonAsync<ShotList>(features.Require(FeatureNames.Shots).Key, ct);
        foreach (var s in shots.Shots)
        {
            foreach (var (kind, key) in new[] { ("keyframes", s.KeyframeKey), ("first", s.FirstFrameKey), ("last", s.LastFrameKey) })
            {
                var path = Path.Combine(folder, PicturePath(kind, s.Index));
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                await using var source = await store.OpenReadAsync(key, ct);
                await using var file = File.Create(path);
                await source.CopyToAsync(file, ct);
            }
        }
    }

    public static string PicturePath(string kind, int shot) => $"{kind}/{shot:D5}.jpg";

    private static (int Width, int Height) DisplaySize(VideoProbe probe)
    {
        var height = probe.Rotation is 90 or 270 ? probe.Width : probe.Height;
        return ((int)Math.Round(height * probe.DisplayAspect), height);
    }
}
