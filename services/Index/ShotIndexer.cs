using Matchcut.Pipeline;
using Matchcut.ServiceDefaults;
using Matchcut.Storage;
using Matchcut.Vectors;

namespace Matchcut.Index;

/// <summary>
/// Upserts an asset's kept-shot vectors into the vector index, with a payload carrying the shot's tags and scale from
/// EmbedGpu's annotations, and records what it indexed from (the feature manifest, Score's matches included).
/// </summary>
public sealed class ShotIndexer(IObjectStore store, IVectorIndex index, Microsoft.Extensions.Options.IOptions<TagsOptions> tags)
{
    /// <param name="features">Shots, embeddings, annotations and matches of the asset, as its message (or its stored manifest) names them.</param>
    public async Task<int> IndexAsync(string assetId, string titleId, FeatureManifest features, CancellationToken ct)
    {
        var embeddings = features.Require(FeatureNames.Embeddings);
        var set = await store.TryGetJsonAsync<EmbeddingSet>(embeddings.Key, ct) ?? throw new ObjectNotFoundInStageException(embeddings.Key);
        var shotsKey = features.Require(FeatureNames.Shots).Key;
        var shots = await store.TryGetJsonAsync<ShotList>(shotsKey, ct) ?? throw new ObjectNotFoundInStageException(shotsKey);
        // The asset is searchable with its match cuts: an asset whose pairs were never scored is not complete.
        var matchesKey = features.Require(FeatureNames.Matches).Key;
        if (!await store.ExistsAsync(matchesKey, ct)) throw new ObjectNotFoundInStageException(matchesKey);
        var annotations = await AnnotationsAsync(store, features, ct);
        var vectors = new Dictionary<string, float[]>();
        foreach (var f in set.Flavours) vectors[f.Flavour] = await store.GetFloatsAsync(f.VectorsKey, ct);
        await index.EnsureFlavoursAsync(set.Flavours.ToDictionary(f => f.Flavour, f => f.Dimension), ct);

        // A shot without a flavour's vector (silhouette: no person mask) carries no vector of it, so it is never found in it.
        var absent = set.Flavours.ToDictionary(f => f.Flavour, f => (f.Absent ?? []).ToHashSet());
        var points = new List<ShotPoint>(set.ShotIndices.Count);
        for (var row = 0; row < set.ShotIndices.Count; row++)
        {
            var shot = shots.Shots[set.ShotIndices[row]];
            var named = set.Flavours.Where(f => !absent[f.Flavour].Contains(shot.Index))
                .ToDictionary(f => f.Flavour, f => vectors[f.Flavour].AsSpan(row * f.Dimension, f.Dimension).ToArray());
            var labels = Labels(annotations.GetValueOrDefault(shot.Index), tags.Value);
            points.Add(new ShotPoint(ShotIds.Of(assetId, shot.Index), named,
                new ShotPayload(titleId, assetId, shot.Index, shot.StartSec, shot.EndSec, shot.KeyframeKey, shot.ClipKey, labels.Tags, labels.Scale)));
        }
        await index.UpsertAsync(points, ct);
        await store.PutJsonAsync(IndexFeature.Indexed(assetId), new IndexedRecord(titleId, points.Count, DateTimeOffset.UtcNow, set.Fingerprint, features), ct);
        return points.Count;
    }

    /// <summary>EmbedGpu's per-shot annotations by shot index, where the manifest names them; none when it names none.</summary>
    public static async Task<IReadOnlyDictionary<int, ShotAnnotation>> AnnotationsAsync(IObjectStore store, FeatureManifest features, CancellationToken ct) =>
        features.Find(FeatureNames.Annotations) is { } named && await store.TryGetJsonAsync<ShotAnnotationSet>(named.Key, ct) is { } annotations
            ? annotations.Shots.ToDictionary(a => a.Shot)
            : new Dictionary<int, ShotAnnotation>();

    /// <summary>
    /// The shot's tags (strongest first, ties by name) and scale in lower case, as the index stores and filters them: only
    /// classes whose confidence reaches their threshold (<see cref="TagsOptions"/>); the others are returned apart with
    /// their confidence. Null tags and scale for a shot without annotations, so "none found" and "not annotated" stay
    /// apart. Annotations made before confidences were stored show every tag, with no confidence.
    /// </summary>
    public static ShotLabels Labels(ShotAnnotation? annotation, TagsOptions thresholds)
    {
        if (annotation is null) return new ShotLabels(null, null, new Dictionary<string, double>(), new Dictionary<string, double>());
        var confidence = (annotation.TagConfidence ?? new Dictionary<string, double>()).ToDictionary(c => c.Key.ToLowerInvariant(), c => c.Value);
        var ordered = annotation.Tags.OrderByDescending(t => t.Value).ThenBy(t => t.Key, StringComparer.Ordinal).Select(t => t.Key.ToLowerInvariant()).ToList();
        bool Shown(string tag) => annotation.TagConfidence is null || confidence.GetValueOrDefault(tag) >= thresholds.For(tag);
        return new ShotLabels(ordered.Where(Shown).ToList(), annotation.Scale?.ToLowerInvariant(),
            ordered.Where(t => Shown(t) && confidence.ContainsKey(t)).ToDictionary(t => t, t => confidence[t]),
            ordered.Where(t => !Shown(t)).ToDictionary(t => t, t => confidence.GetValueOrDefault(t)));
    }
}

/// <summary>A shot's shown tags (strongest first) with their confidences, its low-confidence tags, and its scale.</summary>
public sealed record ShotLabels(IReadOnlyList<string>? Tags, string? Scale, IReadOnlyDictionary<string, double> Confidence, IReadOnlyDictionary<string, double> LowConfidence);
