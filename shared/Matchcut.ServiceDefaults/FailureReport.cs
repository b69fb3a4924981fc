using System.Security.Cryptography;
using System.Text.Json;
using MassTransit;
using Matchcut.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Matchcut.ServiceDefaults;

/// <summary>
/// Makes every message that ends unprocessed produce one <see cref="AssetFailed"/>. Consumers report their own failures
/// (they know the asset and the stage); this observer reports the rest: a body that cannot be read, a message no consumer
/// on the endpoint takes, a fault before or around the consumer. It reads what it can from the body (asset, title and
/// source when the envelope is JSON) and names the message by its id, or by the SHA-256 of its body when it has none.
/// </summary>
public static class FailureReport
{
    private sealed class Reported;

    /// <summary>Whether this delivery is the last one: in-process retries and broker redeliveries are spent.</summary>
    public static bool IsLastAttempt(ConsumeContext context, BusOptions bus) =>
        context.GetRetryAttempt() >= bus.Retries.Length && Redelivery.Count(context) >= bus.Redeliveries.Length;

    /// <summary>Records that the consumer published the AssetFailed for this delivery, so the observer does not publish another.</summary>
    public static void MarkReported(ConsumeContext context) => MarkReported(context.ReceiveContext);

    internal static void MarkReported(ReceiveContext context) => context.GetOrAddPayload(() => new Reported());

    /// <summary>
    /// Connects the reports to the bus being configured: call before redelivery and retries are configured, so that the
    /// consume filter wraps them and sees only what they gave up on.
    /// </summary>
    public static void ConnectFailureReport(this IBusFactoryConfigurator cfg, IBusRegistrationContext context)
    {
        var log = context.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(FailureReport));
        var badInput = context.GetRequiredService<BadInput>();
        cfg.ConnectReceiveObserver(new Observer(context, badInput, log));
        EveryMessage.AddFilter(cfg, new ConsumeFaultFilters(badInput, log));
    }

    private static string QueueOf(ReceiveContext context) => Redelivery.QueueOf(context);

    /// <summary>
    /// An AssetFailed naming the asset, title and source only where they are well formed (MessageFields): whoever reads
    /// the failure may use them as keys, and a hostile message must not choose those keys.
    /// </summary>
    public static AssetFailed Of(string? assetId, string? titleId, string? sourceUri, string stage, string reason, bool retriable) =>
        new(MessageFields.IsAssetId(assetId) ? assetId : null, MessageFields.IsSafeId(titleId) ? titleId! : "",
            MessageFields.IsSourceUri(sourceUri) ? sourceUri! : "", stage, reason, retriable);

    private static string StageOf(string queue) => PipelineStages.All.Contains(queue) ? queue : queue.Length > 0 ? queue : "bus";

    private sealed class ConsumeFaultFilters(BadInput badInput, ILogger log) : EveryMessage.IFilterSource
    {
        public IFilter<ConsumeContext<T>> For<T>() where T : class => new ConsumeFaultFilter<T>(badInput, log);
    }

    /// <summary>
    /// Outside the redelivery and retry filters: an exception reaching it ends the message (the transport moves it to the
    /// error queue), so unless its consumer reported it already, it publishes the AssetFailed naming the message.
    /// </summary>
    private sealed class ConsumeFaultFilter<T>(BadInput badInput, ILogger log) : IFilter<ConsumeContext<T>> where T : class
    {
        public void Probe(ProbeContext context) => context.CreateFilterScope("failure-report");

        public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
        {
            try
            {
                await next.Send(context);
            }
            catch (Exception ex) when (!(context.CancellationToken.IsCancellationRequested && ex is OperationCanceledException)
                                       && typeof(T) != typeof(AssetFailed) && !context.ReceiveContext.TryGetPayload<Reported>(out _))
            {
                try
                {
                    var (assetId, titleId, source) = context.Message switch
                    {
                        AssetLanded l => ((string?)null, l.TitleId, l.SourceUri),
                        IAssetMessage m => (m.AssetId, m.TitleId, null),
                        _ => (null, null, null),
                    };
                    var queue = QueueOf(context.ReceiveContext);
                    var id = context.MessageId?.ToString() ?? "with no id";
                    var reason = $"message {id} on {MessageFields.Show(queue)} ended unprocessed after its retries and redeliveries: {ex.Message}";
                    await context.Publish(Of(assetId, titleId, source, StageOf(queue), reason, !badInput.Is(ex)));
                    MarkReported(context);
                    log.LogWarning("Reported AssetFailed: {Reason}", reason);
                }
                catch (Exception publish)
                {
                    log.LogError(publish, "Could not publish AssetFailed for message {MessageId}", context.MessageId);
                }
                throw;
            }
        }
    }

    private sealed class Observer(IServiceProvider services, BadInput badInput, ILogger log) : IReceiveObserver
    {
        public Task PreReceive(ReceiveContext context) => Task.CompletedTask;

        public Task PostConsume<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType) where T : class => Task.CompletedTask;

        public Task ConsumeFault<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType, Exception exception) where T : class =>
            Task.CompletedTask;

        /// <summary>Delivered to no consumer and not faulted: the transport moves it to the endpoint's _skipped queue.</summary>
        public Task PostReceive(ReceiveContext context) =>
            context.IsDelivered || context.IsFaulted ? Task.CompletedTask
                : ReportAsync(context, "no consumer on this endpoint takes its message type; it was moved to the skipped queue", retriable: false);

        /// <summary>A fault that outlived the retries and redeliveries is retriable later; a body that cannot be read is not.</summary>
        public Task ReceiveFault(ReceiveContext context, Exception exception) =>
            // Cancelled (the broker went away, the service is stopping): not acknowledged, so the broker delivers it again.
            IsCancellation(exception) || context.CancellationToken.IsCancellationRequested ? Task.CompletedTask
            : ReportAsync(context, $"{Describe(exception)}; it was moved to the error queue",
                retriable: !badInput.Is(exception) && exception is not JsonException);

        private async Task ReportAsync(ReceiveContext context, string what, bool retriable)
        {
            if (context.TryGetPayload<Reported>(out _)) return;
            try
            {
                var body = context.Body.GetBytes();
                var read = ReadEnvelope(body);
                // A failure report that itself fails must not report again, or a fault would loop.
                if (read.MessageType?.Contains(nameof(AssetFailed), StringComparison.Ordinal) == true) return;
                var queue = QueueOf(context);
                var stage = StageOf(queue);
                var name = (read.MessageId ?? context.GetMessageId()?.ToString()) is { } id ? $"message {id}" : $"a message with no id (body SHA-256 {Convert.ToHexStringLower(SHA256.HashData(body))})";
                var reason = $"{name} on {MessageFields.Show(queue)} ended unprocessed: {what}.";
                var failed = Of(read.AssetId, read.TitleId, read.SourceUri, stage, reason, retriable);
                await services.GetRequiredService<IBus>().Publish(failed, c =>
                {
                    if (read.CorrelationId is { } correlation) c.CorrelationId = correlation;
                });
                log.LogWarning("Reported AssetFailed: {Reason}", reason);
            }
            catch (Exception ex)
            {
                // The message itself is kept (error or skipped queue); only the report is lost, and the log says so.
                log.LogError(ex, "Could not publish AssetFailed for a message that ended unprocessed on {Address}", context.InputAddress);
            }
        }

        private static bool IsCancellation(Exception? e) =>
            e is OperationCanceledException || e is AggregateException a && a.InnerExceptions.Any(IsCancellation) || e?.InnerException is { } i && IsCancellation(i);

        private static string Describe(Exception exception)
        {
            var e = exception;
            while (e is AggregateException { InnerExceptions.Count: 1 } a) e = a.InnerExceptions[0];
            // MassTransit reads the envelope before any consumer runs (SerializationException) and the message when it is
            // dispatched (JsonException): either way the body is what is wrong.
            var text = e switch
            {
                System.Runtime.Serialization.SerializationException { InnerException: { } i } => $"its body could not be read ({i.Message})",
                System.Runtime.Serialization.SerializationException => "its body could not be read",
                JsonException => $"its body could not be read ({e.Message})",
                _ => e.Message,
            };
            return text.Length > 1000 ? text[..1000] + "…" : text;
        }
    }

    internal sealed record Envelope(string? MessageId, Guid? CorrelationId, string? MessageType, string? AssetId, string? TitleId, string? SourceUri);

    /// <summary>What a MassTransit JSON envelope names (strings only; <see cref="Of"/> keeps the well-formed ones); nothing from a body that is not one.</summary>
    internal static Envelope ReadEnvelope(byte[] body)
    {
        if (body.Length is 0 or > 4 << 20) return new(null, null, null, null, null, null);
        try
        {
            using var doc = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 32 });
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return new(null, null, null, null, null, null);
            string? Text(JsonElement e, string name) =>
                e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            var messageId = Text(root, "messageId") is { } m && Guid.TryParse(m, out var g) ? g.ToString() : null;
            Guid? correlation = Text(root, "correlationId") is { } c && Guid.TryParse(c, out var cg) ? cg : null;
            var types = root.TryGetProperty("messageType", out var t) && t.ValueKind == JsonValueKind.Array
                ? string.Join(",", t.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()))
                : null;
            var message = root.TryGetProperty("message", out var msg) ? msg : default;
            return new(messageId, correlation, types, Text(message, "assetId"), Text(message, "titleId"), Text(message, "sourceUri"));
        }
        catch (JsonException)
        {
            return new(null, null, null, null, null, null);
        }
    }
}
