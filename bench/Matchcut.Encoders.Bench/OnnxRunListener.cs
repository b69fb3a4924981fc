using System.Diagnostics;
using System.Diagnostics.Metrics;
using Matchcut.Encoders.Models;

namespace Matchcut.Encoders.Bench;

/// <summary>
/// Reads the encoders' ONNX run durations (<see cref="OnnxRuns"/>) while it lives: runs and seconds per model, and the
/// wall time during which at least one run was in flight (each run spans its end minus its duration; overlaps count once).
/// </summary>
public sealed class OnnxRunListener : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (long Runs, double Seconds)> _perModel = [];
    private readonly List<(double Start, double End)> _spans = [];

    public OnnxRunListener()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == OnnxRuns.MeterName && instrument.Name == OnnxRuns.DurationName) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<double>((_, seconds, tags, _) =>
        {
            var end = Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency;
            var model = "";
            foreach (var tag in tags) if (tag.Key == OnnxRuns.ModelTag) model = tag.Value as string ?? "";
            lock (_gate)
            {
                var (runs, total) = _perModel.GetValueOrDefault(model);
                _perModel[model] = (runs + 1, total + seconds);
                _spans.Add((end - seconds, end));
            }
        });
        _listener.Start();
    }

    public IReadOnlyDictionary<string, (long Runs, double Seconds)> PerModel
    {
        get { lock (_gate) return new Dictionary<string, (long, double)>(_perModel); }
    }

    /// <summary>Seconds during which at least one run was in flight.</summary>
    public double BusySeconds
    {
        get
        {
            List<(double Start, double End)> spans;
            lock (_gate) spans = [.. _spans.OrderBy(s => s.Start)];
            double busy = 0, from = double.NegativeInfinity, to = double.NegativeInfinity;
            foreach (var (start, end) in spans)
            {
                if (start > to) { busy += Math.Max(0, to - from); (from, to) = (start, end); }
                else to = Math.Max(to, end);
            }
            return busy + Math.Max(0, to - from);
        }
    }

    public void Dispose() => _listener.Dispose();
}
