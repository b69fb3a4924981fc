using System.Collections.Concurrent;
using System.Diagnostics;
using Matchcut.Onnx;

namespace Matchcut.Encoders.Models;

/// <summary>Process-wide count and time of Run calls per model, so a benchmark can tell inference from everything else.</summary>
public static class InferenceStats
{
    private static readonly ConcurrentDictionary<string, Counter> Counters = new();
    private static readonly Lock BusyLock = new();
    private static int _inFlight;
    private static long _busySince, _busyTicks;

    /// <summary>Runs the session and adds the call's wall time to the model's counter.</summary>
    public static RunResult Timed(InferenceSession session, TensorInput input)
    {
        var start = Stopwatch.GetTimestamp();
        lock (BusyLock)
        {
            if (_inFlight++ == 0) _busySince = start;
        }
        try
        {
            return session.Run(input);
        }
        finally
        {
            lock (BusyLock)
            {
                if (--_inFlight == 0) _busyTicks += Stopwatch.GetTimestamp() - _busySince;
            }
            var counter = Counters.GetOrAdd(session.ModelName, _ => new Counter());
            Interlocked.Add(ref counter.Ticks, Stopwatch.GetTimestamp() - start);
            Interlocked.Increment(ref counter.Runs);
        }
    }

    /// <summary>Runs and seconds spent inside Run, per model file name, since the last <see cref="Reset"/>.</summary>
    public static IReadOnlyDictionary<string, (long Runs, double Seconds)> Snapshot() =>
        Counters.ToDictionary(c => c.Key, c => (Interlocked.Read(ref c.Value.Runs), (double)Interlocked.Read(ref c.Value.Ticks) / Stopwatch.Frequency));

    /// <summary>Wall-clock seconds during which at least one Run was in flight (concurrent runs counted once).</summary>
    public static double BusySeconds
    {
        get
        {
            lock (BusyLock) return (double)_busyTicks / Stopwatch.Frequency;
        }
    }

    public static void Reset()
    {
        Counters.Clear();
        lock (BusyLock) _busyTicks = 0;
    }

    private sealed class Counter
    {
        public long Runs;
        public long Ticks;
    }
}
