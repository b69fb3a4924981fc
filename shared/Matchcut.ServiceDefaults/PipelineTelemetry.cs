using System.Diagnostics;

namespace Matchcut.ServiceDefaults;

/// <summary>
/// The pipeline's own traces: one span per stage execution (a child of MassTransit's consume span, so every stage of
/// one landing shares the trace the landing started). Its metrics are StageMetrics (Matchcut.Stages), under the same name.
/// </summary>
public static class PipelineTelemetry
{
    public const string SourceName = "Matchcut.Pipeline";

    /// <summary>MassTransit's activity source and meter: publish/consume spans that carry the trace across services.</summary>
    public const string MassTransitSource = "MassTransit";

    public const string AssetIdTag = "matchcut.asset.id", TitleIdTag = "matchcut.title.id", StageTag = "matchcut.stage", ReusedTag = "matchcut.reused";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>A span for one stage's handling of one asset message (null when nobody listens).</summary>
    public static Activity? StartStage(string stage, string? assetId, string titleId)
    {
        var activity = Source.StartActivity(stage, ActivityKind.Internal);
        activity?.SetTag(StageTag, stage);
        activity?.SetTag(AssetIdTag, assetId);
        activity?.SetTag(TitleIdTag, titleId);
        return activity;
    }
}
