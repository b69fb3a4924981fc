using System.Text;
using MassTransit;
using MassTransit.RabbitMqTransport;
using Matchcut.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;

namespace Matchcut.ServiceDefaults;

/// <summary>
/// Quorum queues with a delivery limit (RabbitMQ, <see cref="RabbitMqOptions.QuorumQueues"/>). A message whose consumer
/// went away unsettled <see cref="RabbitMqOptions.DeliveryLimit"/> times (its process killed each time) is dead-lettered
/// by the broker, at least once, to <c>&lt;queue&gt;_delivery-limit</c>. The service owning the queue consumes that
/// queue too: each dead letter becomes one AssetFailed naming the stage, the asset and the reason, and the message
/// moves to <c>&lt;queue&gt;_error</c> with the bus's other failed messages.
/// </summary>
/// <remarks>
/// Wait-queue redelivery (<see cref="Redelivery"/>) acknowledges the original and dead-letters a copy back into the
/// queue, so its deliveries start a fresh count. Error and skipped queues stay classic and carry none of these
/// arguments: an operator reading them must not dead-letter them.
/// </remarks>
public static class DeliveryLimits
{
    /// <summary>Where the broker dead-letters a message of <paramref name="queue"/> that reached its delivery limit.</summary>
    public static string QueueName(string queue) => $"{queue}_delivery-limit";

    private static readonly string[] Arguments =
        ["x-queue-type", "x-delivery-limit", "x-dead-letter-exchange", "x-dead-letter-routing-key", "x-dead-letter-strategy", "x-overflow"];

    /// <summary>Error and skipped queues without the quorum queue's arguments, which MassTransit copies from the endpoint.</summary>
    internal static void KeepFailedQueuesClassic(IRabbitMqBusFactoryConfigurator cfg)
    {
        cfg.SendTopology.ConfigureErrorSettings = Strip;
        cfg.SendTopology.ConfigureDeadLetterSettings = Strip;
    }

    /// <summary>Makes <paramref name="queue"/> a quorum queue dead-lettering to <see cref="QueueName"/> after <paramref name="deliveryLimit"/> deliveries.</summary>
    internal static void ConfigureQuorumQueue(IRabbitMqReceiveEndpointConfigurator e, string queue, int deliveryLimit)
    {
        e.SetQuorumQueue();
        e.SetQueueArgument("x-delivery-limit", deliveryLimit - 1);
        // The default exchange routes by the queue's name; at-least-once keeps the message until that queue has it.
        e.SetQueueArgument("x-dead-letter-exchange", "");
        e.SetQueueArgument("x-dead-letter-routing-key", QueueName(queue));
        e.SetQueueArgument("x-dead-letter-strategy", "at-least-once");
        e.SetQueueArgument("x-overflow", "reject-publish");
    }

    /// <summary>The endpoint consuming <paramref name="queue"/>'s dead letters: no consumers, every message goes to the report.</summary>
    internal static void AddDeadLetterEndpoint(IRabbitMqBusFactoryConfigurator cfg, IServiceProvider services, string queue, int deliveryLimit)
    {
        var stages = services.GetServices<EndpointStage>().GroupBy(s => s.Queue).ToDictionary(g => g.Key, g => g.First().Stage);
        var report = new ReportFilter(services, queue, stages.GetValueOrDefault(queue, queue), deliveryLimit,
            services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DeliveryLimits)));
        cfg.ReceiveEndpoint(QueueName(queue), e =>
        {
            e.ConfigureConsumeTopology = false;
            e.SetQuorumQueue();
            e.PrefetchCount = 4;
            e.ConfigureDeadLetter(p => p.UseFilter(report));
        });
    }

    private static void Strip(IRabbitMqQueueBindingConfigurator settings)
    {
        foreach (var argument in Arguments) settings.SetQueueArgument(argument, (object)null!);
    }

    /// <summary>One AssetFailed per dead letter, then the message moves to the stage queue's error queue.</summary>
    private sealed class ReportFilter(IServiceProvider services, string queue, string stage, int deliveryLimit, ILogger log) : IFilter<ReceiveContext>
    {
        public void Probe(ProbeContext context) => context.CreateFilterScope("delivery-limit-report");

        public async Task Send(ReceiveContext context, IPipe<ReceiveContext> next)
        {
            if (!context.TryGetPayload<RabbitMqBasicConsumeContext>(out var delivery) || !context.TryGetPayload<ChannelContext>(out var channel))
                throw new InvalidOperationException("Delivery-limit reports need the RabbitMQ transport.");
            var body = context.Body.GetBytes();
            var envelope = FailureReport.ReadEnvelope(body);
            var why = Why(delivery.Properties.Headers);
            var name = (envelope.MessageId ?? context.GetMessageId()?.ToString()) is { } id ? $"message {id}" : "a message with no id";
            var reason = $"{name} on {MessageFields.Show(queue)} {why}.";
            if (envelope.MessageType?.Contains(nameof(AssetFailed), StringComparison.Ordinal) == true)
            {
                // A failure report that cannot be handled is not reported again, or a crash would loop.
                log.LogWarning("An AssetFailed on {Queue} was dead-lettered and is not reported again: {Reason}", queue, reason);
            }
            else
            {
                var failed = FailureReport.Of(envelope.AssetId, envelope.TitleId, envelope.SourceUri, stage, reason, retriable: true);
                await services.GetRequiredService<IBus>().Publish(failed, c =>
                {
                    if (envelope.CorrelationId is { } correlation) c.CorrelationId = correlation;
                }, context.CancellationToken);
                FailureReport.MarkReported(context);
                log.LogWarning("Reported AssetFailed: {Reason}", reason);
            }
            await MoveToErrorQueueAsync(channel, delivery, body, reason, context.CancellationToken);
            await next.Send(context);
        }

        /// <summary>What the broker's x-death header says about this queue; the delivery limit when it names nothing else.</summary>
        private string Why(IDictionary<string, object?>? headers)
        {
            var reason = Deaths(headers).FirstOrDefault(d => d.Queue == queue).Reason ?? "delivery_limit";
            return reason switch
            {
                "delivery_limit" => $"was delivered {deliveryLimit} time{(deliveryLimit == 1 ? "" : "s")} and never completed: the process handling it " +
                                    $"stopped each time (killed, out of memory, or shut down mid-message; Bus:RabbitMq:DeliveryLimit is {deliveryLimit})",
                "expired" => "expired in the queue before it was handled (its time to live passed)",
                "rejected" => "was rejected by its consumer",
                _ => $"was dead-lettered by the broker ({MessageFields.Show(reason)})",
            };
        }

        private static IEnumerable<(string? Queue, string? Reason)> Deaths(IDictionary<string, object?>? headers)
        {
            if (headers is null || !headers.TryGetValue("x-death", out var value) || value is not IEnumerable<object> entries) yield break;
            foreach (var entry in entries)
                if (entry is IDictionary<string, object?> d)
                    yield return (Text(d.TryGetValue("queue", out var q) ? q : null), Text(d.TryGetValue("reason", out var r) ? r : null));
        }

        private static string? Text(object? value) => value switch
        {
            byte[] b => Encoding.UTF8.GetString(b),
            string s => s,
            _ => null,
        };

        private async Task MoveToErrorQueueAsync(ChannelContext channel, RabbitMqBasicConsumeContext delivery, byte[] body, string reason,
            CancellationToken cancellationToken)
        {
            // Declared as MassTransit declares an error queue (fanout exchange bound to a classic queue of one name).
            var error = $"{queue}_error";
            await channel.ExchangeDeclare(error, ExchangeType.Fanout, durable: true, autoDelete: false, new Dictionary<string, object>(), cancellationToken);
            await channel.QueueDeclare(error, durable: true, exclusive: false, autoDelete: false, new Dictionary<string, object>(), cancellationToken);
            await channel.QueueBind(error, error, "", new Dictionary<string, object>(), cancellationToken);
            var headers = delivery.Properties.Headers is { } h ? new Dictionary<string, object?>(h) : [];
            headers["MT-Reason"] = "delivery-limit";
            headers["MT-Fault-Message"] = reason;
            headers["MT-Fault-Timestamp"] = DateTime.UtcNow.ToString("O");
            var properties = new BasicProperties(delivery.Properties) { Headers = headers, Persistent = true };
            await channel.BasicPublishAsync(error, "", mandatory: false, properties, body, awaitAck: true, cancellationToken);
        }
    }
}

/// <summary>The stage a consumer endpoint's queue belongs to, for the failures reported about it (registered by the stages).</summary>
public sealed record EndpointStage(string Queue, string Stage);
