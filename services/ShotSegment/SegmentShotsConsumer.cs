using Matchcut.Contracts;
using Matchcut.Hosting;
using Matchcut.Hosting.Documents;
using Matchcut.Storage;

namespace Matchcut.ShotSegment;

/// <summary>AssetStandardized -> ShotsSegmented: shots in source frames, each materialized as a clip and pictures.</summary>
public sealed class SegmentShotsConsumer(StageServices services, ShotSegmenter segmenter)
    : StageConsumer<AssetStandardized, ShotsSegmented>(services), IStageConsumer
{
    static string IStageConsumer.Stage => PipelineStages.ShotSegment;
    protected override string Stage => PipelineStages.ShotSegment;

    protected override string ResultKey(AssetStandardized m) => AssetKeys.Shots(m.AssetId);

    protected override async Task ExecuteAsync(AssetStandardized m, CancellationToken ct)
    {
        var asset = await Services.Catalog.GetAssetAsync(m.AssetId, ct) ?? throw new ObjectNotFoundInStageException(AssetKeys.Asset(m.AssetId));
        var frames = asset.Probe.FrameCount ?? (long)Math.Round(asset.Probe.DurationSec * asset.Probe.AverageFrameRate);
        await segmenter.SegmentAsync(asset, ct, Services.Progress.For(m.AssetId, Stage, "frames", frames));
    }

    protected override async Task<ShotsSegmented> ResultEventAsync(AssetStandardized m, CancellationToken ct)
    {
        var shots = await Services.Store.GetJsonAsync<ShotList>(AssetKeys.Shots(m.AssetId), ct);
        return new ShotsSegmented(m.AssetId, m.TitleId, AssetKeys.Shots(m.AssetId), shots.Shots.Count);
    }
}
