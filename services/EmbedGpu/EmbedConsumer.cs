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

    protected override Task ExecuteAsync(ShotsDeduplicated m, CancellationToken ct) => embedder.EmbedAsync(m.AssetId, ct);

    protected override async Task<ShotsEmbedded> ResultEventAsync(ShotsDeduplicated m, CancellationToken ct)
    {
        var set = await Services.Store.GetJsonAsync<EmbeddingSet>(AssetKeys.Embeddings(m.AssetId), ct);
        return new ShotsEmbedded(m.AssetId, m.TitleId, AssetKeys.Embeddings(m.AssetId), set.Flavours.Select(f => f.Flavour).ToList());
    }
}
