using Matchcut.Contracts;
using System.Collections.Concurrent;
using Matchcut.Pipeline;
using Matchcut.ServiceDefaults;
using Matchcut.Storage;
using Matchcut.Vectors;

namespace Matchcut.Index.Query;

/// <summary>
/// Reads shots from the stored shot lists, with per-shot tags (strongest first) and scale from EmbedGpu's annotations,
/// both found through the asset's stored feature manifest.
/// </summary>
public sealed class ShotCatalog(IObjectStore store, AssetCatalog catalog, Microsoft.Extensions.Options.IOptions<TagsOptions> tags)
{
    private readonly ConcurrentDictionary<string, IReadOnlyList<ShotView>> _shots = new(StringComparer.Ordinal);

    /// <summary>The asset's shots with their tags and scale; null until the pipeline completed the asset (its manifest is stored).</summary>
    public async Task<IReadOnlyList<ShotView>?> ShotsOfAssetAsync(string assetId, string? titleId, CancellationToken ct)
    {
        if (_shots.TryGetValue(assetId, out var cached)) return cached;
        if (await catalog.GetFeaturesAsync(assetId, ct) is not { } features || features.Find(FeatureNames.Shots) is not { } shotsFeature) return null;
        var list = await store.GetJsonAsync<ShotList>(shotsFeature.Key, ct);
        var annotations = await ShotIndexer.AnnotationsAsync(store, features, ct);
        titleId ??= (await catalog.TitlesOfAssetAsync(assetId, ct)).FirstOrDefault()?.TitleId;
        var views = list.Shots.Select(s =>
        {
            var annotation = annotations.GetValueOrDefault(s.Index);
            var labels = tags.Value.Labels(annotation);
            return ShotView.From(s, assetId, titleId, labels.Tags ?? [], labels.Scale) with
            {
                Text = annotation?.Text ?? [], TagConfidence = labels.Confidence, LowConfidenceTags = labels.LowConfidence,
            };
        }).ToList();
        // The manifest is stored once the asset is complete: shots and annotations are both in.
        _shots[assetId] = views;
        return views;
    }

    public async Task<ShotView?> ShotAsync(string shotId, CancellationToken ct)
    {
        if (!ShotIds.TryParse(shotId, out var assetId, out var index) || !MessageFields.IsSafeId(assetId)) return null;
        var shots = await ShotsOfAssetAsync(assetId, null, ct);
        return shots is not null && index < shots.Count ? shots[index] : null;
    }

    /// <summary>The asset's matches, where its stored manifest names them; null before the asset was completed.</summary>
    public async Task<MatchSet?> MatchesOfAssetAsync(string assetId, CancellationToken ct) =>
        (await catalog.GetFeaturesAsync(assetId, ct))?.Find(FeatureNames.Matches) is { } f ? await store.TryGetJsonAsync<MatchSet>(f.Key, ct) : null;

    /// <summary>The title's most recently landed asset that has scored matches, or null.</summary>
    public async Task<string?> ScoredAssetOfTitleAsync(string titleId, CancellationToken ct)
    {
        var assets = await catalog.AssetsOfTitleAsync(titleId, ct);
        foreach (var a in assets.Reverse())
        {
            if ((await catalog.GetFeaturesAsync(a.AssetId, ct))?.Find(FeatureNames.Matches) is { } f && await store.ExistsAsync(f.Key, ct)) return a.AssetId;
        }
        return null;
    }

    /// <summary>Every title with at least one landed asset.</summary>
    public async Task<IReadOnlyList<string>> TitlesAsync(CancellationToken ct)
    {
        var titles = new SortedSet<string>(StringComparer.Ordinal);
        await foreach (var key in store.ListAsync("titles/", ct))
        {
            var parts = key.Split('/');
            if (parts.Length == 3 && parts[2].EndsWith(".json", StringComparison.Ordinal)) titles.Add(parts[1]);
        }
        return titles.ToList();
    }
}

/// <summary>
/// A shot as the API shows it, with links to its pictures and clip, and the text read on screen (empty when none or not
/// read). Tags are the classes shown (strongest first), TagConfidence their detection confidence, LowConfidenceTags the
/// classes detected below their threshold (Tags:MinConfidence), which no search or filter matches.
/// </summary>
public sealed record ShotView(
    string ShotId, string? TitleId, string AssetId, int Index, double StartSec, double EndSec,
    IReadOnlyList<string> Tags, string? Scale, ShotLinks Links)
{
    public IReadOnlyList<ScreenText> Text { get; init; } = [];
    public IReadOnlyDictionary<string, double> TagConfidence { get; init; } = new Dictionary<string, double>();
    public IReadOnlyDictionary<string, double> LowConfidenceTags { get; init; } = new Dictionary<string, double>();

    internal string KeyframeKey { get; init; } = "";
    internal string FirstFrameKey { get; init; } = "";
    internal string LastFrameKey { get; init; } = "";
    internal string ClipKey { get; init; } = "";
    internal int StdFirst { get; init; }
    internal int StdLast { get; init; }

    public static ShotView From(ShotRecord s, string assetId, string? titleId, IReadOnlyList<string> tags, string? scale)
    {
        var id = ShotIds.Of(assetId, s.Index);
        return new ShotView(id, titleId, assetId, s.Index, s.StartSec, s.EndSec, tags, scale, ShotLinks.Of(id))
        {
            KeyframeKey = s.KeyframeKey, FirstFrameKey = s.FirstFrameKey, LastFrameKey = s.LastFrameKey, ClipKey = s.ClipKey,
            StdFirst = s.StdFirst, StdLast = s.StdLast,
        };
    }
}

/// <summary>API paths of a shot's media.</summary>
public sealed record ShotLinks(string Keyframe, string FirstFrame, string LastFrame, string Clip)
{
    public static ShotLinks Of(string shotId)
    {
        var b = $"{QueryApi.Prefix}/shots/{Uri.EscapeDataString(shotId)}";
        return new ShotLinks($"{b}/keyframe", $"{b}/first-frame", $"{b}/last-frame", $"{b}/clip");
    }
}
