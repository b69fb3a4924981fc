using MassTransit;
using Matchcut.Contracts;
using Matchcut.Index.Query;
using Matchcut.Pipeline;
using Matchcut.Storage;
using Microsoft.Extensions.Logging;

namespace Matchcut.Index;

/// <summary>
/// AssetFailed -> the failure on its landing record, so GET landings/{id} says failed (and why) instead of pending.
/// A failure for a landing the API never recorded (published straight to the bus) changes nothing.
/// </summary>
public sealed class LandingFailureConsumer(IObjectStore store, ILogger<LandingFailureConsumer> log) : IConsumer<AssetFailed>
{
    public async Task Consume(ConsumeContext<AssetFailed> context)
    {
        var failed = context.Message;
        // Landings exist only for ids the API took; anything else cannot name one.
        if (failed is null || !MessageFields.IsSafeId(failed.TitleId) || !MessageFields.IsSourceUri(failed.SourceUri)) return;
        var key = Landings.Key(Landings.IdOf(failed.TitleId, failed.SourceUri));
        if (await store.TryGetJsonAsync<Landing>(key, context.CancellationToken) is not { } landing) return;
        var reason = failed.Reason is { Length: > 4096 } r ? r[..4096] + "…" : failed.Reason ?? "";
        var assetId = MessageFields.IsAssetId(failed.AssetId) ? failed.AssetId : null;
        await store.PutJsonAsync(key, landing with
        {
            Failure = new LandingFailure(failed.Stage ?? "", reason, failed.Retriable, assetId, DateTimeOffset.UtcNow),
        }, context.CancellationToken);
        log.LogInformation("Landing {LandingId} failed at {Stage}: {Reason}", landing.LandingId, failed.Stage, reason);
    }
}
