using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Matchcut.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection;
using Matchcut.Stages;

namespace Matchcut.TestSupport;

/// <summary>
/// The stage runs one host reports through its metrics (matchcut.stage.runs with reused=false), from when this was made:
/// what an operator's dashboard counts, read here with a listener on that host's own meters.
/// </summary>
public sealed class StageRuns : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, int> _worked = new(StringComparer.Ordinal);

    public StageRuns(IServiceProvider host)
    {
        var scope = host.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Name == StageMetrics.Runs && ReferenceEquals(instrument.Meter.Scope, scope)) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            string? stage = null;
            var reused = false;
            foreach (var tag in tags)
            {
                if (tag.Key == PipelineTelemetry.StageTag) stage = tag.Value as string;
                else if (tag.Key == PipelineTelemetry.ReusedTag) reused = tag.Value is true;
            }
            if (stage is not null && !reused) _worked.AddOrUpdate(stage, (int)value, (_, n) => n + (int)value);
        });
        _listener.Start();
    }

    /// <summary>Times the stage really worked (not answered from its stored result) since this was made.</summary>
    public int this[string stage] => _worked.GetValueOrDefault(stage);

    public void Dispose() => _listener.Dispose();
}
