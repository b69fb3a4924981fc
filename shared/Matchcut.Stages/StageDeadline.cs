namespace Matchcut.Stages;

/// <summary>
/// A stage's time limit for one message, from Stages:{stage}:DeadlineFloorSeconds plus DeadlineSecondsPerMinute per
/// minute of the asset's duration; its token cancels the stage's work (ffmpeg included) when the limit passes.
/// </summary>
internal sealed class StageDeadline : IDisposable
{
    private readonly CancellationTokenSource _source;
    private readonly CancellationToken _caller;

    private StageDeadline(CancellationTokenSource source, CancellationToken caller, string reason)
    {
        _source = source;
        _caller = caller;
        Reason = reason;
    }

    public CancellationToken Token => _source.Token;

    /// <summary>True when the deadline (not the caller, e.g. a stopping service) cancelled the work.</summary>
    public bool Passed => _source.IsCancellationRequested && !_caller.IsCancellationRequested;

    public string Reason { get; }

    public static async Task<StageDeadline> StartAsync(StageServices services, string stage, string assetId, CancellationToken caller)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(caller);
        var options = services.Stages.Get(stage);
        var asset = await services.Catalog.GetAssetAsync(assetId, caller);
        var minutes = (asset?.Probe?.DurationSec ?? 0) / 60;
        var limit = options.DeadlineFor(minutes * 60);
        if (limit is { } l) source.CancelAfter(l);
        var reason = $"{stage} passed its deadline of {limit?.TotalSeconds:F1} s for {minutes:F1} min of input " +
                     $"(Stages:{stage}:DeadlineFloorSeconds {options.DeadlineFloorSeconds:F0} + DeadlineSecondsPerMinute {options.DeadlineSecondsPerMinute:F0} per minute); its work was stopped.";
        return new StageDeadline(source, caller, reason);
    }

    public void Dispose() => _source.Dispose();
}
