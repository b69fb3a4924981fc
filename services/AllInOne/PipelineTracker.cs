using System.Collections.Concurrent;
using Matchcut.Contracts;
using Matchcut.Pipeline;

namespace Matchcut.AllInOne;

/// <summary>Follows assets through the pipeline by the events it sees, so a caller can await the end of one landing.</summary>
public sealed class PipelineTracker
{
    private readonly ConcurrentDictionary<(string Title, string Source), TaskCompletionSource<PipelineOutcome>> _waiters = new();
    private readonly ConcurrentDictionary<(string Title, string Asset), (string Title, string Source)> _landings = new();

    /// <summary>Raised for every pipeline event seen, in arrival order per endpoint.</summary>
    public event Action<object>? Progress;

    /// <summary>Call before publishing the AssetLanded; completes with ShotsIndexed or AssetFailed for it.</summary>
    public Task<PipelineOutcome> Expect(string titleId, string sourceUri) =>
        _waiters.GetOrAdd((titleId, sourceUri), _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Observe(object message)
    {
        Progress?.Invoke(message);
        switch (message)
        {
            case AssetIngested m:
                _landings[(m.TitleId, m.AssetId)] = (m.TitleId, m.SourceUri);
                break;
            case ShotsIndexed m when _landings.TryGetValue((m.TitleId, m.AssetId), out var landing):
                Complete(landing, new PipelineOutcome(m.AssetId, m, null));
                break;
            case AssetFailed m:
                var key = m.AssetId is not null && _landings.TryGetValue((m.TitleId, m.AssetId), out var l) ? l : (m.TitleId, m.SourceUri);
                Complete(key, new PipelineOutcome(m.AssetId, null, m));
                break;
        }
    }

    private void Complete((string, string) key, PipelineOutcome outcome)
    {
        if (_waiters.TryRemove(key, out var waiter)) waiter.TrySetResult(outcome);
    }
}

/// <summary>How one landing ended: indexed, or failed with a reason.</summary>
public sealed record PipelineOutcome(string? AssetId, ShotsIndexed? Indexed, AssetFailed? Failed)
{
    public bool Succeeded => Indexed is not null;
}
