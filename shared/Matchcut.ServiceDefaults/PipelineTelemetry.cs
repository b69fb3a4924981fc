using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Matchcut.ServiceDefaults;

/// <summary>
/// The pipeline's own traces and metrics: one span per stage execution (a child of MassTransit's consume span, so
/// every stage of one landing shares the trace the landing started), and the seconds each stage worked.
/// </summary>
public static class PipelineTelemetry
{
    public const string SourceName = "Matchcut.Pipeline";

    /// <summary>MassTransit's activity source and meter: publish/consume spans that carry the trace across services.</summary>
    public const string MassTransitSource = "MassTransit";

    public const string AssetIdTag = "matchcut.asset.id", TitleIdTag = "matchcut.title.id", StageTag = "matchcut.stage", ReusedTag = "matchcut.reused";

    public static readonly ActivitySource Source = new(SourceName);

    public static readonly Meter Meter = new(SourceName);

    private static readonly Histogram<double> StageSeconds = Meter.CreateHistogram<double>(
        "matchcut.stage.duration", "s", "Seconds a stage worked on one asset (not counting answers from its stored result).");

    private static readonly Counter<long> StageRuns = Meter.CreateCounter<long>(
        "matchcut.stage.runs", "{run}", "Stage runs per asset, by whether the stored result was reused.");

    /// <summary>A span for one stage's handling of one asset message (null when nobody listens).</summary>
    public static Activity? StartStage(string stage, string? assetId, string titleId)
    {
        var activity = Source.StartActivity(stage, ActivityKind.Internal);
        activity?.SetTag(StageTag, stage);
        activity?.SetTag(AssetIdTag, assetId);
        activity?.SetTag(TitleIdTag, titleId);
        return activity;
    }

    public static void Worked(string stage, double seconds)
    {
        StageSeconds.Record(seconds, new KeyValuePair<string, object?>(StageTag, stage));
        StageRuns.Add(1, new KeyValuePair<string, object?>(StageTag, stage), new KeyValuePair<string, object?>(ReusedTag, false));
    }

    public static void Reused(string stage) =>
        StageRuns.Add(1, new KeyValuePair<string, object?>(StageTag, stage), new KeyValuePair<string, object?>(ReusedTag, true));
}
