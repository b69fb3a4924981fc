using System.Collections.Concurrent;
using Matchcut.Pipeline;
using Matchcut.Storage;
using Matchcut.Vectors;

namespace Matchcut.Reports.CrossTitle;

/// <summary>
/// The person masks of indexed assets, read from EmbedGpu's annotations that each asset's stored manifest names, to
/// score silhouette candidates from the vector index by mask IoU (<see cref="Silhouette.IoU"/>, as Score does within a title).
/// </summary>
public sealed class SilhouetteMasks(IObjectStore store, AssetCatalog catalog)
{
    /// <summary>Candidates asked of the vector index per wanted silhouette hit: the coarse vectors rank near, IoU decides.</summary>
    public const int CandidateFactor = 4;

    private readonly ConcurrentDictionary<(string Asset, string Key, string? Fingerprint), IReadOnlyDictionary<int, Silhouette>> _masks = new();

    /// <summary>The asset's masks by shot index (shots without one are absent); empty before the asset was completed.</summary>
    public async Task<IReadOnlyDictionary<int, Silhouette>> OfAssetAsync(string assetId, CancellationToken ct)
    {
        if ((await catalog.GetFeaturesAsync(assetId, ct))?.Find(FeatureNames.Annotations) is not { } named) return new Dictionary<int, Silhouette>();
        var key = (assetId, named.Key, named.Fingerprint);
        if (_masks.TryGetValue(key, out var known)) return known;
        var set = await store.TryGetJsonAsync<ShotAnnotationSet>(named.Key, ct);
        var masks = (set?.Shots ?? []).Where(a => a.Silhouette is not null).ToDictionary(a => a.Shot, a => a.Silhouette!);
        return _masks[key] = masks;
    }

    /// <summary>The hits whose shots have a mask overlapping <paramref name="query"/>, scored by IoU, best first (ties by shot id).</summary>
    public async Task<IReadOnlyList<(VectorHit Hit, double IoU)>> RescoreAsync(Silhouette query, IEnumerable<VectorHit> hits, CancellationToken ct)
    {
        var assets = new Dictionary<string, IReadOnlyDictionary<int, Silhouette>>(StringComparer.Ordinal);
        var scored = new List<(VectorHit, double)>();
        foreach (var hit in hits)
        {
            if (!assets.TryGetValue(hit.Payload.AssetId, out var masks)) assets[hit.Payload.AssetId] = masks = await OfAssetAsync(hit.Payload.AssetId, ct);
            if (!masks.TryGetValue(hit.Payload.ShotIndex, out var mask)) continue;
            var iou = query.IoU(mask);
            if (iou > 0) scored.Add((hit, iou));
        }
        return scored.OrderByDescending(s => s.Item2).ThenBy(s => s.Item1.ShotId, StringComparer.Ordinal).ToList();
    }
}
