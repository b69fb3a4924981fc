using Matchcut.Contracts;
using Matchcut.Pipeline;
using Matchcut.ServiceDefaults;
using Matchcut.Storage;
using Microsoft.Extensions.Options;
using Matchcut.Stages;

namespace Matchcut.Score;

/// <summary>ShotsEmbedded -> ShotsScored: the top K match-cut pairs of a title's kept shots, per flavour (cosine; silhouettes by mask IoU).</summary>
public sealed class ScoreConsumer(StageServices services, IOptions<ScoringOptions> options)
    : StageConsumer<ShotsEmbedded, ShotsScored>(services), IStageConsumer
{
    static string IStageConsumer.Stage => PipelineStages.Score;
    protected override string Stage => PipelineStages.Score;

    /// <summary>Stored pairs are reused only when they were scored from the embeddings the message names (same fingerprint).</summary>
    protected override async Task<bool> HasResultAsync(ShotsEmbedded m, CancellationToken ct) =>
        await Services.Store.TryGetJsonAsync<MatchSet>(ScoreFeature.Matches(m.AssetId), ct) is { } stored
        && stored.Fingerprint == m.Features.Require(FeatureNames.Embeddings).Fingerprint;

    protected override async Task ExecuteAsync(ShotsEmbedded m, CancellationToken ct)
    {
        var embeddingsKey = m.Features.Require(FeatureNames.Embeddings).Key;
        var set = await Services.Store.TryGetJsonAsync<EmbeddingSet>(embeddingsKey, ct) ?? throw new ObjectNotFoundInStageException(embeddingsKey);
        var flavours = new Dictionary<string, IReadOnlyList<MatchPair>>(StringComparer.Ordinal);
        foreach (var f in set.Flavours)
        {
            // Silhouette vectors are for the index; within a title every pair of masks is scored by IoU below.
            if (f.Flavour == Flavours.Silhouette) continue;
            if (f.Flavour == Flavours.Frame && set.Boundaries is { } b)
            {
                // An editor cuts from the end of one shot to the start of another: frame pairs are scored on those frames.
                var (tails, heads) = (await Services.Store.GetFloatsAsync(b.TailKey, ct), await Services.Store.GetFloatsAsync(b.HeadKey, ct));
                flavours[f.Flavour] = PairScorer.TopBoundaryPairs(set.ShotIndices, tails, heads, b.TailFrames, b.HeadFrames, b.Dimension, options.Value);
                continue;
            }
            var vectors = await Services.Store.GetFloatsAsync(f.VectorsKey, ct);
            flavours[f.Flavour] = PairScorer.TopPairs(set.ShotIndices, vectors, f.Dimension, options.Value, f.LeftOut);
        }
        if (m.Features.Find(FeatureNames.Annotations) is { } named && await Services.Store.TryGetJsonAsync<ShotAnnotationSet>(named.Key, ct) is { } annotations
            && annotations.Shots.Any(a => a.Scale is not null))
        {
            // Silhouettes exist only where the models ran; shots with too little person area have none and are not paired.
            var masks = annotations.Shots.Where(a => a.Silhouette is not null).Select(a => (a.Shot, a.Silhouette!)).ToList();
            flavours[Flavours.Silhouette] = SilhouetteScorer.TopPairs(masks, options.Value);
        }
        var provenance = (set.Provenance ?? new Dictionary<string, ModelProvenance>()).Where(p => flavours.ContainsKey(p.Key)).ToDictionary();
        await Services.Store.PutJsonAsync(ScoreFeature.Matches(m.AssetId), new MatchSet(options.Value.TopK, flavours, provenance, set.Fingerprint), ct);
    }

    protected override Task<ShotsScored> ResultEventAsync(ShotsEmbedded m, CancellationToken ct) =>
        Task.FromResult(new ShotsScored(m.AssetId, m.TitleId,
            m.Features.With(FeatureNames.Matches, ScoreFeature.Ref(m.AssetId, m.Features.Require(FeatureNames.Embeddings).Fingerprint))));
}
