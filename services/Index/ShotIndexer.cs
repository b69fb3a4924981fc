using Matchcut.Hosting;
using Matchcut.Hosting.Documents;
using Matchcut.Storage;
using Matchcut.Vectors;

namespace Matchcut.Index;

/// <summary>Upserts an asset's kept-shot vectors into the vector index, with a payload carrying the shot's tags and scale from EmbedGpu's annotations.</summary>
public sealed class ShotIndexer(IObjectStore store, IVectorIndex index)
{
    public async Task<int> IndexAsync(string assetId, string titleId, CancellationToken ct)
    {
        var set = await store.TryGetJsonAsync<EmbeddingSet>(AssetKeys.Embeddings(assetId), ct) ?? throw new ObjectNotFoundInStageException(AssetKeys.Embeddings(assetId));
        var shots = await store.GetJsonAsync<ShotList>(AssetKeys.Shots(assetId), ct);
        var annotations = await AnnotationsAsync(store, set, ct);
        var vectors = new Dictionary<string, float[]>();
        foreach (var f in set.Flavours) vectors[f.Flavour] = await store.GetFloatsAsync(f.VectorsKey, ct);
        await index.EnsureFlavoursAsync(set.Flavours.ToDictionary(f => f.Flavour, f => f.Dimension), ct);

        var points = new List<ShotPoint>(set.ShotIndices.Count);
        for (var row = 0; row < set.ShotIndices.Count; row++)
        {
            var shot = shots.Shots[set.ShotIndices[row]];
            var named = set.Flavours.ToDictionary(f => f.Flavour, f => vectors[f.Flavour].AsSpan(row * f.Dimension, f.Dimension).ToArray());
            var (tags, scale) = Labels(annotations.GetValueOrDefault(shot.Index));
            points.Add(new ShotPoint(ShotIds.Of(assetId, shot.Index), named,
                new ShotPayload(titleId, assetId, shot.Index, shot.StartSec, shot.EndSec, shot.KeyframeKey, shot.ClipKey, tags, scale)));
        }
        await index.UpsertAsync(points, ct);
        await store.PutJsonAsync(AssetKeys.Indexed(assetId), new { titleId, count = points.Count, at = DateTimeOffset.UtcNow, fingerprint = set.Fingerprint }, ct);
        return points.Count;
    }

    /// <summary>EmbedGpu's per-shot annotations by shot index; none when it ran without the models.</summary>
    public static async Task<IReadOnlyDictionary<int, ShotAnnotation>> AnnotationsAsync(IObjectStore store, EmbeddingSet set, CancellationToken ct) =>
        set.AnnotationsKey is { } key && await store.TryGetJsonAsync<ShotAnnotationSet>(key, ct) is { } annotations
            ? annotations.Shots.ToDictionary(a => a.Shot)
            : new Dictionary<int, ShotAnnotation>();

    /// <summary>
    /// The shot's tags (strongest first, ties by name) and scale in lower case, as the index stores and filters them;
    /// null tags and scale for a shot without annotations, so "none found" and "not annotated" stay apart.
    /// </summary>
    public static (IReadOnlyList<string>? Tags, string? Scale) Labels(ShotAnnotation? annotation) => annotation is null
        ? (null, null)
        : (annotation.Tags.OrderByDescending(t => t.Value).ThenBy(t => t.Key, StringComparer.Ordinal).Select(t => t.Key.ToLowerInvariant()).ToList(),
            annotation.Scale?.ToLowerInvariant());
}
