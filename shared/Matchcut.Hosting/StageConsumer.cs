using System.Diagnostics;
using MassTransit;
using Matchcut.Contracts;
using Matchcut.Media;
using Microsoft.Extensions.Logging;

namespace Matchcut.Hosting;

/// <summary>
/// One pipeline stage: skips work whose result is already stored (memoized by content and stage version), records
/// a status, publishes the next event, and turns bad input into <see cref="AssetFailed"/> instead of a poison message.
/// </summary>
public abstract class StageConsumer<TIn, TOut>(StageServices services) : IConsumer<TIn>
    where TIn : class, IAssetMessage
    where TOut : class
{
    protected StageServices Services { get; } = services;

    protected abstract string Stage { get; }

    /// <summary>The object written last by <see cref="ExecuteAsync"/>: its presence means the stage's result is complete.</summary>
    protected abstract string ResultKey(TIn message);

    /// <summary>
    /// Whether the stage's result is stored and still current. By default: <see cref="ResultKey"/> exists. Stages whose
    /// result depends on models override it to compare the fingerprint stored with the result against the current one.
    /// </summary>
    protected virtual Task<bool> HasResultAsync(TIn message, CancellationToken ct) => Services.Store.ExistsAsync(ResultKey(message), ct);

    /// <summary>Does the stage's work and stores its result, ending with <see cref="ResultKey"/>.</summary>
    protected abstract Task ExecuteAsync(TIn message, CancellationToken ct);

    /// <summary>The event announcing the stored result.</summary>
    protected abstract Task<TOut> ResultEventAsync(TIn message, CancellationToken ct);

    public async Task Consume(ConsumeContext<TIn> context)
    {
        var message = context.Message;
        var ct = context.CancellationToken;
        var log = Services.Loggers.CreateLogger(GetType());
        try
        {
            if (!await HasResultAsync(message, ct))
            {
                var clock = Stopwatch.StartNew();
                await ExecuteAsync(message, ct);
                Services.Counter.Executed(Stage);
                await Services.Catalog.SetStatusAsync(message.AssetId,
                    new StageStatus(Stage, StageState.Completed, clock.Elapsed.TotalSeconds, null, DateTimeOffset.UtcNow), ct);
                log.LogInformation("{Stage} done for asset {AssetId} in {Seconds:F2}s", Stage, message.AssetId, clock.Elapsed.TotalSeconds);
            }
            await context.Publish(await ResultEventAsync(message, ct), ct);
        }
        catch (Exception ex) when (BusRegistration.IsBadInput(ex))
        {
            log.LogWarning("{Stage} rejected asset {AssetId}: {Reason}", Stage, message.AssetId, ex.Message);
            await FailAsync(context, ex.Message, retriable: false);
        }
        catch (Exception ex) when (IsLastAttempt(context) && !ct.IsCancellationRequested)
        {
            log.LogError(ex, "{Stage} failed for asset {AssetId} after retries", Stage, message.AssetId);
            await FailAsync(context, ex.Message, retriable: true);
            throw;
        }
    }

    private async Task FailAsync(ConsumeContext<TIn> context, string reason, bool retriable)
    {
        var m = context.Message;
        var asset = await Services.Catalog.GetAssetAsync(m.AssetId);
        await Services.Catalog.SetStatusAsync(m.AssetId, new StageStatus(Stage, StageState.Failed, 0, reason, DateTimeOffset.UtcNow));
        await context.Publish(new AssetFailed(m.AssetId, m.TitleId, asset?.SourceUri ?? "", Stage, reason, retriable));
    }

    private bool IsLastAttempt(ConsumeContext context)
    {
        var bus = Services.Bus;
        return context.GetRetryAttempt() >= bus.Retries.Length && Redelivery.Count(context) >= bus.Redeliveries.Length;
    }
}
