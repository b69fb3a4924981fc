using Matchcut.Contracts;
using Matchcut.Hosting;
using Matchcut.Hosting.Documents;
using Matchcut.Storage;
using Microsoft.Extensions.Options;

namespace Matchcut.Score;

/// <summary>ShotsEmbedded -> ShotsScored: the top K match-cut pairs of a title's kept shots, per flavour.</summary>
public sealed class ScoreConsumer(StageServices services, IOptions<ScoringOptions> options)
    : StageConsumer<ShotsEmbedded, ShotsScored>(services), IStageConsumer
{
    static string IStageConsumer.Stage => PipelineStages.Score;
    protected override string Stage => PipelineStages.Score;

    protected override string ResultKey(ShotsEmbedded m) => AssetKeys.Matches(m.AssetId);

    protected override async Task ExecuteAsync(ShotsEmbedded m, CancellationToken ct)
    {
        var set = await Services.Store.TryGetJsonAsync<EmbeddingSet>(m.EmbeddingsKey, ct) ?? throw new ObjectNotFoundInStageException(m.EmbeddingsKey);
        var flavours = new Dictionary<string, IReadOnlyList<MatchPair>>(StringComparer.Ordinal);
        foreach (var f in set.Flavours)
        {
            var vectors = await Services.Store.GetFloatsAsync(f.VectorsKey, ct);
            flavours[f.Flavour] = PairScorer.TopPairs(set.ShotIndices, vectors, f.Dimension, options.Value);
        }
        await Services.Store.PutJsonAsync(AssetKeys.Matches(m.AssetId), new MatchSet(options.Value.TopK, flavours), ct);
    }

    protected override Task<ShotsScored> ResultEventAsync(ShotsEmbedded m, CancellationToken ct) =>
        Task.FromResult(new ShotsScored(m.AssetId, m.TitleId, AssetKeys.Matches(m.AssetId)));
}
