using Matchcut.Contracts;
using Matchcut.Hosting;
using Matchcut.Hosting.Documents;
using Matchcut.Storage;

namespace Matchcut.EmbedGpu;

/// <summary>ShotsDeduplicated -> ShotsEmbedded: representations of the kept shots, one vector set per flavour.</summary>
public sealed class EmbedConsumer(StageServices services, ShotEmbedder embedder)
    : StageConsumer<ShotsDeduplicated, ShotsEmbedded>(services), IStageConsumer
{
    static string IStageConsumer.Stage => PipelineStages.EmbedGpu;
    protected override string Stage => PipelineStages.EmbedGpu;

    protected override string ResultKey(ShotsDeduplicated m) => AssetKeys.Embeddings(m.AssetId);

    protected override async Task<bool> HasResultAsync(ShotsDeduplicated m, CancellationToken ct) =>
        await Services.Store.TryGetJsonAsync<EmbeddingSet>(AssetKeys.Embeddings(m.AssetId), ct) is { } stored && stored.Fingerprint == embedder.Fingerprint;

    protected override Task ExecuteAsync(ShotsDeduplicated m, CancellationToken ct) =>
        embedder.EmbedAsync(m.AssetId, ct, total => Services.Progress.For(m.AssetId, Stage, "shots", total));

    protected override async Task<ShotsEmbedded> ResultEventAsync(ShotsDeduplicated m, CancellationToken ct)
    {
        var set = await Services.Store.GetJsonAsync<EmbeddingSet>(AssetKeys.Embeddings(m.AssetId), ct);
        var flavours = set.Flavours.Select(f => f.Flavour).ToList();
        // Silhouettes are masks in the annotations, not vectors; they are a flavour whenever the models ran.
        if (set.AnnotationsKey is { } key && (await Services.Store.GetJsonAsync<ShotAnnotationSet>(key, ct)).Shots.Any(a => a.Scale is not null))
            flavours.Add(Flavours.Silhouette);
        return new ShotsEmbedded(m.AssetId, m.TitleId, AssetKeys.Embeddings(m.AssetId), flavours);
    }
}
