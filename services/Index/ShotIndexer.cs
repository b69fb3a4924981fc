using Matchcut.Hosting;
using Matchcut.Hosting.Documents;
using Matchcut.Storage;
using Matchcut.Vectors;

namespace Matchcut.Index;

/// <summary>Upserts an asset's kept-shot vectors, with their payload, into the vector index.</summary>
public sealed class ShotIndexer(IObjectStore store, IVectorIndex index)
{
    public async Task<int> IndexAsync(string assetId, string titleId, CancellationToken ct)
    {
        var set = await store.TryGetJsonAsync<EmbeddingSet>(AssetKeys.Embeddings(assetId), ct) ?? throw new ObjectNotFoundInStageException(AssetKeys.Embeddings(assetId));
        var shots = await store.GetJsonAsync<ShotList>(AssetKeys.Shots(assetId), ct);
        var vectors = new Dictionary<string, float[]>();
        foreach (var f in set.Flavours) vectors[f.Flavour] = await store.GetFloatsAsync(f.VectorsKey, ct);
        await index.EnsureFlavoursAsync(set.Flavours.ToDictionary(f => f.Flavour, f => f.Dimension), ct);

        var points = new List<ShotPoint>(set.ShotIndices.Count);
        for (var row = 0; row < set.ShotIndices.Count; row++)
        {
            var shot = shots.Shots[set.ShotIndices[row]];
            var named = set.Flavours.ToDictionary(f => f.Flavour, f => vectors[f.Flavour].AsSpan(row * f.Dimension, f.Dimension).ToArray());
            points.Add(new ShotPoint(ShotIds.Of(assetId, shot.Index), named,
                new ShotPayload(titleId, assetId, shot.Index, shot.StartSec, shot.EndSec, shot.KeyframeKey, shot.ClipKey)));
        }
        await index.UpsertAsync(points, ct);
        await store.PutJsonAsync(AssetKeys.Indexed(assetId), new { titleId, count = points.Count, at = DateTimeOffset.UtcNow, fingerprint = set.Fingerprint }, ct);
        return points.Count;
    }
}
