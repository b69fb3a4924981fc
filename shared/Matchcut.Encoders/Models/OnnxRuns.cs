using System.Diagnostics;
using System.Diagnostics.Metrics;
using Matchcut.Onnx;

namespace Matchcut.Encoders.Models;

/// <summary>
/// Every ONNX Run of the encoders, timed into the <c>matchcut.onnx.run.duration</c> histogram (seconds, tagged with the
/// model file) of the <see cref="MeterName"/> meter: the services export it with their other metrics, and a benchmark
/// reads it with a MeterListener. Lock-free; with no listener a run costs two timestamps.
/// </summary>
public static class OnnxRuns
{
    public const string MeterName = "Matchcut.Onnx";
    public const string DurationName = "matchcut.onnx.run.duration";
    public const string ModelTag = "model";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(DurationName, "s", "Wall time of one ONNX Runtime Run call");

    /// <summary>Runs the session and records the call's wall time against its model.</summary>
    public static RunResult Timed(InferenceSession session, TensorInput input)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            return session.Run(input);
        }
        finally
        {
            Duration.Record(Stopwatch.GetElapsedTime(start).TotalSeconds, new KeyValuePair<string, object?>(ModelTag, session.ModelName));
        }
    }
}
