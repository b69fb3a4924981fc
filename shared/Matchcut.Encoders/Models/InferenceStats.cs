using System.Collections.Concurrent;
using System.Diagnostics;
using Matchcut.Onnx;

namespace Matchcut.Encoders.Models;

/// <summary>Process-wide count and time of Run calls per model, so a benchmark can tell inference from everything else.</summary>
public static class InferenceStats
{
    private static readonly ConcurrentDictionary<string, Counter> Counters = new();

    /// <summary>Runs the session and adds the call's wall time to the model's counter.</summary>
    public static RunResult Timed(InferenceSession session, TensorInput input)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            return session.Run(input);
        }
        finally
        {
            var counter = Counters.GetOrAdd(session.ModelName, _ => new Counter());
            Interlocked.Add(ref counter.Ticks, Stopwatch.GetTimestamp() - start);
            Interlocked.Increment(ref counter.Runs);
        }
    }

    /// <summary>Runs and seconds spent inside Run, per model file name, since the last <see cref="Reset"/>.</summary>
    public static IReadOnlyDictionary<string, (long Runs, double Seconds)> Snapshot() =>
        Counters.ToDictionary(c => c.Key, c => (Interlocked.Read(ref c.Value.Runs), (double)Interlocked.Read(ref c.Value.Ticks) / Stopwatch.Frequency));

    public static void Reset() => Counters.Clear();

    private sealed class Counter
    {
        public long Runs;
        public long Ticks;
    }
}
