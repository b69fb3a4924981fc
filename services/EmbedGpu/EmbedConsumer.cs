using Matchcut.Contracts;
using Matchcut.Pipeline;
using Matchcut.ServiceDefaults;
using Matchcut.Storage;
using Matchcut.Stages;

namespace Matchcut.EmbedGpu;

/// <summary>ShotsDeduplicated -> ShotsEmbedded: representations of the kept shots, one vector set per flavour.</summary>
public sealed class EmbedConsumer(StageServices services, ShotEmbedder embedder)
    : StageConsumer<ShotsDeduplicated, ShotsEmbedded>(services), IStageConsumer
{
    static string IStageConsumer.Stage => PipelineStages.EmbedGpu;
    protected override string Stage => PipelineStages.EmbedGpu;

    protected override async Task<bool> HasResultAsync(ShotsDeduplicated m, CancellationToken ct) =>
        await Services.Store.TryGetJsonAsync<EmbeddingSet>(EmbedFeature.Embeddings(m.AssetId), ct) is { } stored && stored.Fingerprint == embedder.Fingerprint
        && (embedder.VisionFingerprint is null || await Services.Store.ExistsAsync(EmbedFeature.Vision(m.AssetId), ct))
        && (embedder.TextFingerprint is null || await Services.Store.ExistsAsync(EmbedFeature.Text(m.AssetId), ct));

    protected override Task ExecuteAsync(ShotsDeduplicated m, CancellationToken ct) =>
        embedder.EmbedAsync(m.AssetId, m.Features, ct, total => Services.Progress.For(m.AssetId, Stage, "shots", total));

    /// <summary>The embeddings and annotations, with the folder models their per-shot outputs (vision), and with the text models the text on screen.</summary>
    protected override async Task<ShotsEmbedded> ResultEventAsync(ShotsDeduplicated m, CancellationToken ct)
    {
        var set = await Services.Store.GetJsonAsync<EmbeddingSet>(EmbedFeature.Embeddings(m.AssetId), ct);
        var features = m.Features
            .With(FeatureNames.Embeddings, EmbedFeature.Ref(m.AssetId, set.Fingerprint))
            .With(FeatureNames.Annotations, EmbedFeature.AnnotationsRef(m.AssetId, set.Fingerprint));
        if (embedder.VisionFingerprint is { } vision) features = features.With(FeatureNames.Vision, EmbedFeature.VisionRef(m.AssetId, vision));
        if (embedder.TextFingerprint is { } text) features = features.With(FeatureNames.Text, EmbedFeature.TextRef(m.AssetId, text));
        // Silhouette vectors are in the set whenever the models ran (Score pairs them by their masks' IoU).
        return new ShotsEmbedded(m.AssetId, m.TitleId, set.Flavours.Select(f => f.Flavour).ToList(), features);
    }
}
