using System.Collections.Concurrent;
using Matchcut.AllInOne;
using Matchcut.Contracts;
using Xunit;

namespace Matchcut.TestSupport;

/// <summary>One bad message a test sends, how to know its AssetFailed, and what that failure must say.</summary>
public sealed record BadMessageCase(string Name, Func<AssetFailed, bool> Mine, string Reason);

/// <summary>
/// Collects every AssetFailed a tracker sees while bad messages are sent, then holds each case to exactly one failure,
/// not retriable, naming its reason: a second report, a retry or a redelivery would show as a second one.
/// </summary>
public sealed class FailureWatch : IDisposable
{
    private readonly PipelineTracker _tracker;
    private readonly ConcurrentQueue<AssetFailed> _seen = new();

    public FailureWatch(PipelineTracker tracker)
    {
        _tracker = tracker;
        _tracker.Progress += Watch;
    }

    /// <summary>Waits until every case has a failure (up to <paramref name="timeout"/>), then <paramref name="settle"/> more, then asserts.</summary>
    public async Task AssertOneEachAsync(IReadOnlyList<BadMessageCase> cases, TimeSpan timeout, TimeSpan settle)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && !cases.All(c => _seen.Any(c.Mine))) await Task.Delay(100);
        await Task.Delay(settle);
        foreach (var c in cases)
        {
            var mine = _seen.Where(c.Mine).ToList();
            Assert.True(mine.Count == 1, $"{c.Name}: {mine.Count} AssetFailed ({string.Join(" | ", _seen.Select(s => $"{s.Stage}:{s.TitleId}:{s.Reason}"))})");
            Assert.True(mine[0].Reason.Contains(c.Reason, StringComparison.Ordinal), $"{c.Name}: {mine[0].Reason}");
            Assert.False(mine[0].Retriable, c.Name);
        }
    }

    private void Watch(object message)
    {
        if (message is AssetFailed failed) _seen.Enqueue(failed);
    }

    public void Dispose() => _tracker.Progress -= Watch;
}
