using MassTransit;
using Matchcut.Contracts;
using Matchcut.Pipeline;
using Matchcut.ServiceDefaults;
using Matchcut.Media;
using Microsoft.Extensions.Logging;

namespace Matchcut.Ingest;

/// <summary>AssetLanded -> AssetIngested, or AssetFailed with the reason when the source cannot be taken.</summary>
public sealed class IngestConsumer(ContentIngestor ingestor, ILogger<IngestConsumer> log) : IConsumer<AssetLanded>, IStageConsumer
{
    public static string Stage => PipelineStages.Ingest;

    public async Task Consume(ConsumeContext<AssetLanded> context)
    {
        var landed = context.Message;
        using var span = PipelineTelemetry.StartStage(Stage, null, landed.TitleId);
        try
        {
            var ingested = await ingestor.IngestAsync(landed, context.CancellationToken);
            span?.SetTag(PipelineTelemetry.AssetIdTag, ingested.AssetId);
            await context.Publish(ingested);
        }
        catch (Exception ex) when (ex is AssetRejectedException or MediaRejectedException)
        {
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.Message);
            log.LogWarning("Rejected {SourceUri} for title {TitleId}: {Reason}", landed.SourceUri, landed.TitleId, ex.Message);
            await context.Publish(new AssetFailed(null, landed.TitleId, landed.SourceUri, Stage, ex.Message, Retriable: false));
        }
    }
}
