using Matchcut.Analysis.Segmentation;
using Matchcut.Contracts;
using Matchcut.Pipeline;
using Matchcut.ServiceDefaults;
using Matchcut.Storage;
using Matchcut.Stages;

namespace Matchcut.StandardizedEncode;

/// <summary>AssetIngested -> AssetStandardized: one encode per content hash and profile version.</summary>
public sealed class StandardizeConsumer(StageServices services, StandardEncoder encoder)
    : StageConsumer<AssetIngested, AssetStandardized>(services), IStageConsumer
{
    static string IStageConsumer.Stage => PipelineStages.StandardizedEncode;
    protected override string Stage => PipelineStages.StandardizedEncode;

    protected override Task<bool> HasResultAsync(AssetIngested m, CancellationToken ct) => Services.Store.ExistsAsync(encoder.FeaturesKey(m.AssetId), ct);

    protected override async Task ExecuteAsync(AssetIngested m, CancellationToken ct)
    {
        var assetKey = m.Features.Require(FeatureNames.Asset).Key;
        var asset = await Services.Store.TryGetJsonAsync<AssetRecord>(assetKey, ct) ?? throw new ObjectNotFoundInStageException(assetKey);
        await encoder.EncodeAsync(m.AssetId, asset.Probe, m.Features.Require(FeatureNames.Source).Key, ct,
            Services.Progress.For(m.AssetId, Stage, "frames", ExpectedFrames(asset.Probe)));
    }

    private static long ExpectedFrames(Media.VideoProbe p) => p.FrameCount ?? (long)Math.Round(p.DurationSec * p.AverageFrameRate);

    protected override Task<AssetStandardized> ResultEventAsync(AssetIngested m, CancellationToken ct) =>
        Task.FromResult(new AssetStandardized(m.AssetId, m.TitleId, encoder.Profile.Name,
            StandardizedFeature.Add(m.Features, m.AssetId, encoder.Profile.Name, SegmentationFeatures.Version)));
}
