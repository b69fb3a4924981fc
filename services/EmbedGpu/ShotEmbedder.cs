using Matchcut.Hosting;
using Matchcut.Hosting.Documents;
using Matchcut.Media;
using Matchcut.Storage;
using Microsoft.Extensions.Options;

namespace Matchcut.EmbedGpu;

/// <summary>Computes every flavour's vectors for the kept shots of an asset and stores them.</summary>
public sealed class ShotEmbedder(IObjectStore store, ShotFrameSampler sampler, IOptions<EmbeddingOptions> options)
{
    public async Task EmbedAsync(string assetId, CancellationToken ct)
    {
        var shots = await store.TryGetJsonAsync<ShotList>(AssetKeys.Shots(assetId), ct) ?? throw new ObjectNotFoundInStageException(AssetKeys.Shots(assetId));
        var dedup = await store.TryGetJsonAsync<DedupResult>(AssetKeys.Dedup(assetId), ct) ?? throw new ObjectNotFoundInStageException(AssetKeys.Dedup(assetId));
        var profile = StandardizedProfile.V1.Name;
        var timeline = await store.GetJsonAsync<StandardTimeline>(AssetKeys.Timeline(assetId, profile), ct);
        var video = await store.GetLocalPathAsync(AssetKeys.StandardVideo(assetId, profile), ct);
        var kept = dedup.Kept.Select(i => shots.Shots[i]).ToList();

        var frame = kept.Count == 0 ? [] : await sampler.PoolAsync(video, timeline, kept, options.Value.FramesPerShot,
            CompositionDescriptor.Dimension, CompositionDescriptor.Compute, ct);
        var flavours = new List<FlavourVectors>();
        var frameKey = AssetKeys.EmbeddingVectors(assetId, Flavours.Frame);
        await store.PutFloatsAsync(frameKey, frame.SelectMany(v => v).ToArray(), ct);
        flavours.Add(new FlavourVectors(Flavours.Frame, CompositionDescriptor.Dimension, frameKey, "composition-v1"));

        await store.PutJsonAsync(AssetKeys.Embeddings(assetId), new EmbeddingSet(kept.Select(s => s.Index).ToList(), flavours), ct);
    }
}
