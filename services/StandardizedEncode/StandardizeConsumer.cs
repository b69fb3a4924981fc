using Matchcut.Contracts;
using Matchcut.Hosting;

namespace Matchcut.StandardizedEncode;

/// <summary>AssetIngested -> AssetStandardized: one encode per content hash and profile version.</summary>
public sealed class StandardizeConsumer(StageServices services, StandardEncoder encoder)
    : StageConsumer<AssetIngested, AssetStandardized>(services), IStageConsumer
{
    static string IStageConsumer.Stage => PipelineStages.StandardizedEncode;
    protected override string Stage => PipelineStages.StandardizedEncode;

    protected override string ResultKey(AssetIngested m) => encoder.FeaturesKey(m.AssetId);

    protected override async Task ExecuteAsync(AssetIngested m, CancellationToken ct)
    {
        var asset = await Services.Catalog.GetAssetAsync(m.AssetId, ct) ?? throw new ObjectNotFoundInStageException(AssetKeys.Asset(m.AssetId));
        await encoder.EncodeAsync(asset, ct, Services.Progress.For(m.AssetId, Stage, "frames", ExpectedFrames(asset.Probe)));
    }

    private static long ExpectedFrames(Media.VideoProbe p) => p.FrameCount ?? (long)Math.Round(p.DurationSec * p.AverageFrameRate);

    protected override Task<AssetStandardized> ResultEventAsync(AssetIngested m, CancellationToken ct) =>
        Task.FromResult(new AssetStandardized(m.AssetId, m.TitleId, encoder.Profile.Name,
            AssetKeys.StandardVideo(m.AssetId, encoder.Profile.Name), AssetKeys.Timeline(m.AssetId, encoder.Profile.Name)));
}
