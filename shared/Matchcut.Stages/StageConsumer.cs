using System.Diagnostics;
using MassTransit;
using Matchcut.Contracts;
using Matchcut.Pipeline;
using Matchcut.Storage;
using Microsoft.Extensions.Logging;

using Matchcut.ServiceDefaults;

namespace Matchcut.Stages;

/// <summary>
/// One pipeline stage: skips work whose result is already stored (memoized by content and stage version), records
/// a status, publishes the next event, and turns bad input into <see cref="AssetFailed"/> instead of a poison message.
/// A stage reads its inputs only where <see cref="IFeatureMessage.Features"/> of its message says, and keys only its own
/// outputs; its event carries the manifest it received plus what it produced.
/// </summary>
public abstract class StageConsumer<TIn, TOut>(StageServices services) : IConsumer<TIn>
    where TIn : class, IFeatureMessage
    where TOut : class
{
    protected StageServices Services { get; } = services;

    protected abstract string Stage { get; }

    /// <summary>
    /// Whether the stage's result is stored and still current: the object its work writes last exists, and for stages
    /// whose result depends on models or inputs, the fingerprint stored with it is the current one.
    /// </summary>
    protected abstract Task<bool> HasResultAsync(TIn message, CancellationToken ct);

    /// <summary>Does the stage's work and stores its result, ending with the object <see cref="HasResultAsync"/> looks for.</summary>
    protected abstract Task ExecuteAsync(TIn message, CancellationToken ct);

    /// <summary>The event announcing the stored result, with the message's features and the stage's own added.</summary>
    protected abstract Task<TOut> ResultEventAsync(TIn message, CancellationToken ct);

    public async Task Consume(ConsumeContext<TIn> context)
    {
        var message = context.Message;
        var log = Services.Loggers.CreateLogger(GetType());
        // Held to the same rules as an API request before anything is read or written for it: an id or a manifest key
        // from another publisher becomes an object key. Nothing is recorded for a refused message, so a publisher cannot
        // mark another asset failed.
        if (MessageRules.Problem(message) is { } problem)
        {
            log.LogWarning("{Stage} refused a message: {Reason}", Stage, problem);
            await context.Publish(FailureReport.Of(message?.AssetId, message?.TitleId, null, Stage, problem, retriable: false));
            return;
        }
        using var span = PipelineTelemetry.StartStage(Stage, message.AssetId, message.TitleId);
        var deadline = await StageDeadline.StartAsync(Services, Stage, message.AssetId, context.CancellationToken);
        using var deadlineScope = deadline;
        var ct = deadline.Token;
        try
        {
            var inputs = StageInputs.Of(message.Features);
            var inputsKey = AssetKeys.Inputs(message.AssetId, Stage);
            var reused = await HasResultAsync(message, ct) && await Services.Store.TryGetJsonAsync<StageInputs>(inputsKey, ct) == inputs;
            span?.SetTag(PipelineTelemetry.ReusedTag, reused);
            if (!reused)
            {
                var clock = Stopwatch.StartNew();
                await ExecuteAsync(message, ct);
                await Services.Store.PutJsonAsync(inputsKey, inputs, ct);
                Services.Metrics.Worked(Stage, clock.Elapsed.TotalSeconds);
                await Services.Catalog.SetStatusAsync(message.AssetId,
                    new StageStatus(Stage, StageState.Completed, clock.Elapsed.TotalSeconds, null, DateTimeOffset.UtcNow), ct);
                log.LogInformation("{Stage} done for asset {AssetId} in {Seconds:F2}s", Stage, message.AssetId, clock.Elapsed.TotalSeconds);
            }
            else
            {
                Services.Metrics.Reused(Stage);
            }
            await context.Publish(await ResultEventAsync(message, ct), ct);
        }
        catch (Exception ex) when (deadline.Passed)
        {
            // Whatever the cancelled work threw (a killed ffmpeg fails its read): the cause is the deadline.
            span?.SetStatus(ActivityStatusCode.Error, deadline.Reason);
            log.LogWarning(ex, "{Stage} stopped for asset {AssetId}: {Reason}", Stage, message.AssetId, deadline.Reason);
            await FailAsync(context, deadline.Reason, retriable: false);
        }
        catch (Exception ex) when (StageFailures.IsBadInput(ex))
        {
            span?.SetStatus(ActivityStatusCode.Error, ex.Message);
            log.LogWarning("{Stage} rejected asset {AssetId}: {Reason}", Stage, message.AssetId, ex.Message);
            await FailAsync(context, ex.Message, retriable: false);
        }
        catch (Exception ex) when (IsLastAttempt(context) && !ct.IsCancellationRequested)
        {
            span?.SetStatus(ActivityStatusCode.Error, ex.Message);
            log.LogError(ex, "{Stage} failed for asset {AssetId} after retries", Stage, message.AssetId);
            await FailAsync(context, ex.Message, retriable: true);
            FailureReport.MarkReported(context);
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

    private bool IsLastAttempt(ConsumeContext context) => FailureReport.IsLastAttempt(context, Services.Bus);
}
