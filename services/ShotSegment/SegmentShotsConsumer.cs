using Matchcut.Contracts;
using Matchcut.Pipeline;
using Matchcut.ServiceDefaults;
using Matchcut.Storage;
using Matchcut.Stages;

namespace Matchcut.ShotSegment;

/// <summary>AssetStandardized -> ShotsSegmented: shots in source frames, each materialized as a clip and pictures.</summary>
public sealed class SegmentShotsConsumer(StageServices services, ShotSegmenter segmenter)
    : StageConsumer<AssetStandardized, ShotsSegmented>(services), IStageConsumer
{
    static string IStageConsumer.Stage => PipelineStages.ShotSegment;
    protected override string Stage => PipelineStages.ShotSegment;

    protected override Task<bool> HasResultAsync(AssetStandardized m, CancellationToken ct) => Services.Store.ExistsAsync(SegmentFeature.Shots(m.AssetId), ct);

    protected override async Task ExecuteAsync(AssetStandardized m, CancellationToken ct)
    {
        var assetKey = m.Features.Require(FeatureNames.Asset).Key;
        var asset = await Services.Store.TryGetJsonAsync<AssetRecord>(assetKey, ct) ?? throw new ObjectNotFoundInStageException(assetKey);
        var frames = asset.Probe.FrameCount ?? (long)Math.Round(asset.Probe.DurationSec * asset.Probe.AverageFrameRate);
        await segmenter.SegmentAsync(m.AssetId, asset.Probe, m.Features, ct, Services.Progress.For(m.AssetId, Stage, "frames", frames));
    }

    protected override async Task<ShotsSegmented> ResultEventAsync(AssetStandardized m, CancellationToken ct)
    {
        var shots = await Services.Store.GetJsonAsync<ShotList>(SegmentFeature.Shots(m.AssetId), ct);
        return new ShotsSegmented(m.AssetId, m.TitleId, shots.Shots.Count, m.Features.With(FeatureNames.Shots, SegmentFeature.Ref(m.AssetId)));
    }
}
