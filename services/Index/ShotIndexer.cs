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
            var labels = tags.Value.Labels(annotations.GetValueOrDefault(shot.Index));
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
}
