using System.Diagnostics.Metrics;

using Matchcut.ServiceDefaults;

namespace Matchcut.Stages;

/// <summary>
/// The pipeline's metrics, from the host's meter factory (so each host's measurements are its own): the seconds each
/// stage worked, and its runs by whether the stored result was reused. Exported under <see cref="PipelineTelemetry.SourceName"/>.
/// </summary>
public sealed class StageMetrics
{
    public const string Runs = "matchcut.stage.runs", Duration = "matchcut.stage.duration";

    private readonly Histogram<double> _seconds;
    private readonly Counter<long> _runs;

    public StageMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(PipelineTelemetry.SourceName);
        _seconds = meter.CreateHistogram<double>(Duration, "s", "Seconds a stage worked on one asset (not counting answers from its stored result).");
        _runs = meter.CreateCounter<long>(Runs, "{run}", "Stage runs per asset, by whether the stored result was reused.");
    }

    /// <summary>The stage did its work for one asset, in <paramref name="seconds"/>.</summary>
    public void Worked(string stage, double seconds)
    {
        _seconds.Record(seconds, new KeyValuePair<string, object?>(PipelineTelemetry.StageTag, stage));
        _runs.Add(1, new KeyValuePair<string, object?>(PipelineTelemetry.StageTag, stage), new KeyValuePair<string, object?>(PipelineTelemetry.ReusedTag, false));
    }

    /// <summary>The stage answered from its stored result.</summary>
    public void Reused(string stage) =>
        _runs.Add(1, new KeyValuePair<string, object?>(PipelineTelemetry.StageTag, stage), new KeyValuePair<string, object?>(PipelineTelemetry.ReusedTag, true));
}
