using MassTransit;
using MassTransit.RabbitMqTransport;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;

namespace Matchcut.ServiceDefaults;

/// <summary>
/// Delayed redelivery through RabbitMQ without the delayed-message-exchange plugin. A message whose in-process
/// retries are spent is republished, byte for byte but for its redelivery count, to a durable wait queue whose
/// per-queue TTL is the interval; when it expires the broker dead-letters it through the default exchange, keyed by
/// the endpoint's queue name, straight back to that queue. Nothing waits in a consumer's memory, so the consumer is
/// free meanwhile and a crash loses nothing: the original is acknowledged only after the broker confirmed the copy.
/// </summary>
/// <remarks>
/// One wait queue per interval, shared by every endpoint (all its messages have the same TTL, so none waits behind
/// a later-expiring one). Redelivery is at least once: a crash between the confirm and the acknowledgement delivers
/// the message twice, which the stages' memo by content absorbs.
/// </remarks>
public static class Redelivery
{
    /// <summary>The header MassTransit's own redelivery writes; kept so both ways count alike.</summary>
    public const string CountHeader = "MT-Redelivery-Count";

    /// <summary>How many times the message came back through the broker after its retries were spent.</summary>
    public static int Count(ConsumeContext context)
    {
        var transport = context.ReceiveContext.TransportHeaders.Get<int>(CountHeader, default(int?)) ?? 0;
        return Math.Max(transport, context.GetRedeliveryCount());
    }

    /// <summary>The wait queue (and its fanout exchange) holding messages for <paramref name="interval"/>.</summary>
    public static string WaitQueueName(TimeSpan interval) => $"matchcut-redelivery-{(long)interval.TotalMilliseconds}ms";

    /// <summary>
    /// Adds wait-queue redelivery to every message type's pipe; call before <c>UseMessageRetry</c> so it wraps the
    /// retries. <paramref name="redeliver"/> says which exceptions are worth another delivery.
    /// </summary>
    public static void UseWaitQueueRedelivery(this IRabbitMqBusFactoryConfigurator configurator, IReadOnlyList<TimeSpan> intervals,
        Func<Exception, bool> redeliver, ILoggerFactory loggers)
    {
        if (intervals.Count == 0) return;
        if (intervals.Any(i => i <= TimeSpan.Zero)) throw new ArgumentException("Redelivery intervals must be positive.", nameof(intervals));
        EveryMessage.AddFilter(configurator, new WaitQueueFilters(new Policy(intervals, redeliver, loggers.CreateLogger(typeof(Redelivery)))));
    }

    private sealed record Policy(IReadOnlyList<TimeSpan> Intervals, Func<Exception, bool> Redeliver, ILogger Log);

    private sealed class WaitQueueFilters(Policy policy) : EveryMessage.IFilterSource
    {
        public IFilter<ConsumeContext<T>> For<T>() where T : class => new WaitQueueFilter<T>(policy);
    }

    private sealed class WaitQueueFilter<TMessage>(Policy policy) : IFilter<ConsumeContext<TMessage>> where TMessage : class
    {
        public void Probe(ProbeContext context)
        {
            var scope = context.CreateFilterScope("redelivery");
            scope.Add("type", "wait-queue");
            scope.Add("intervals", string.Join(",", policy.Intervals));
        }

        public async Task Send(ConsumeContext<TMessage> context, IPipe<ConsumeContext<TMessage>> next)
        {
            try
            {
                await next.Send(context);
            }
            catch (Exception ex) when (Wanted(context, ex))
            {
                var count = Count(context);
                var delay = policy.Intervals[count];
                try
                {
                    await RepublishAsync(context.ReceiveContext, delay, count + 1, context.CancellationToken);
                }
                catch (Exception publish)
                {
                    // Not acknowledged: the transport's fault handling (error queue, or the broker's own redelivery when
                    // the channel is gone) keeps the message.
                    throw new InvalidOperationException($"Could not put the message into wait queue {WaitQueueName(delay)}.",
                        new AggregateException(publish, ex));
                }
                policy.Log.LogWarning("{MessageType} from {Queue} failed after its retries ({Reason}); redelivery {Number} of {Of} in {Delay}",
                    typeof(TMessage).Name, QueueOf(context.ReceiveContext), ex.Message, count + 1, policy.Intervals.Count, delay);
                await context.NotifyConsumed(context, context.ReceiveContext.ElapsedTime, "wait-queue-redelivery");
            }
        }

        private bool Wanted(ConsumeContext<TMessage> context, Exception ex) =>
            !context.CancellationToken.IsCancellationRequested
            && ex is not OperationCanceledException
            && policy.Redeliver(ex)
            && Count(context) < policy.Intervals.Count;
    }

    private static async Task RepublishAsync(ReceiveContext receive, TimeSpan delay, int count, CancellationToken cancellationToken)
    {
        if (!receive.TryGetPayload<RabbitMqBasicConsumeContext>(out var delivery) || !receive.TryGetPayload<ChannelContext>(out var channel))
            throw new InvalidOperationException("Wait-queue redelivery needs the RabbitMQ transport.");
        var wait = WaitQueueName(delay);
        // Declared on each use: cheap next to a failure, idempotent, and right again after the broker lost its state.
        await channel.ExchangeDeclare(wait, ExchangeType.Fanout, durable: true, autoDelete: false, new Dictionary<string, object>(), cancellationToken);
        await channel.QueueDeclare(wait, durable: true, exclusive: false, autoDelete: false, new Dictionary<string, object>
        {
            ["x-message-ttl"] = (long)delay.TotalMilliseconds,
            ["x-dead-letter-exchange"] = "", // the default exchange routes by the message's routing key: the endpoint's queue
        }, cancellationToken);
        await channel.QueueBind(wait, wait, "", new Dictionary<string, object>(), cancellationToken);

        var headers = delivery.Properties.Headers is { } h ? new Dictionary<string, object?>(h) : [];
        headers[CountHeader] = count;
        var properties = new BasicProperties(delivery.Properties) { Headers = headers, Persistent = true, Expiration = null };
        // A cancelled publish (shutdown) throws before the acknowledgement, so the transport keeps the message.
        await channel.BasicPublishAsync(wait, QueueOf(receive), mandatory: false, properties, receive.Body.GetBytes(), awaitAck: true, cancellationToken);
    }

    /// <summary>The endpoint's queue: the last segment of its input address (rabbitmq://host[:port][/vhost]/queue), empty when it has none.</summary>
    internal static string QueueOf(ReceiveContext receive) =>
        Uri.UnescapeDataString(receive.InputAddress.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "");
}
