using MassTransit;
using Matchcut.Contracts;
using Matchcut.Pipeline;
using Matchcut.ServiceDefaults;
using Matchcut.Media;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Matchcut.Stages;

namespace Matchcut.Ingest;

/// <summary>
/// AssetLanded -> AssetIngested, or AssetFailed with the reason when the source cannot be taken. The landing is held to
/// <see cref="MessageRules"/> before anything is read or written, as the API holds a request; a fault that outlives the
/// retries and redeliveries is reported once, on the last attempt.
/// </summary>
public sealed class IngestConsumer(ContentIngestor ingestor, IOptions<BusOptions> bus, ILogger<IngestConsumer> log) : IConsumer<AssetLanded>, IStageConsumer
{
    public static string Stage => PipelineStages.Ingest;

    public async Task Consume(ConsumeContext<AssetLanded> context)
    {
        var landed = context.Message;
        using var span = PipelineTelemetry.StartStage(Stage, null, MessageFields.IsSafeId(landed?.TitleId) ? landed!.TitleId : "");
        try
        {
            MessageRules.Check(landed);
            var ingested = await ingestor.IngestAsync(landed!, context.CancellationToken);
            span?.SetTag(PipelineTelemetry.AssetIdTag, ingested.AssetId);
            await context.Publish(ingested);
        }
        catch (Exception ex) when (StageFailures.IsBadInput(ex))
        {
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.Message);
            log.LogWarning("Rejected {SourceUri} for title {TitleId}: {Reason}", MessageFields.Show(landed?.SourceUri), MessageFields.Show(landed?.TitleId), ex.Message);
            await context.Publish(Failed(landed, ex.Message, retriable: false));
        }
        catch (Exception ex) when (FailureReport.IsLastAttempt(context, bus.Value) && !context.CancellationToken.IsCancellationRequested)
        {
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.Message);
            log.LogError(ex, "Ingest of {SourceUri} for title {TitleId} failed after retries", landed?.SourceUri, landed?.TitleId);
            await context.Publish(Failed(landed, ex.Message, retriable: true));
            FailureReport.MarkReported(context);
            throw;
        }
    }

    private static AssetFailed Failed(AssetLanded? landed, string reason, bool retriable) =>
        FailureReport.Of(null, landed?.TitleId, landed?.SourceUri, Stage, reason, retriable);
}
