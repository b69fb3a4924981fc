namespace Matchcut.ServiceDefaults;

/// <summary>Message transport and delivery policy; bound from the "Bus" configuration section.</summary>
public sealed class BusOptions
{
    /// <summary>"InMemory" (the embedded default, one process) or "RabbitMq".</summary>
    public string Transport { get; set; } = "InMemory";

    public RabbitMqOptions RabbitMq { get; set; } = new();

    /// <summary>
    /// MassTransit's anonymous usage report (sent to usage-tracking.masstransit.io after start-up): off unless set, so a
    /// platform working on unreleased footage sends nothing out that its operators did not ask for.
    /// </summary>
    public bool UsageTelemetry { get; set; }

    // The interval lists default to null, not to their defaults: the configuration binder appends configured items
    // to an array it finds filled, so Bus__RetryIntervalsMs__0=500 would otherwise add a fourth retry.

    /// <summary>Immediate retries, growing, before a message is redelivered or faulted; unset: 200, 1000, 3000.</summary>
    public int[]? RetryIntervalsMs { get; set; }

    public static readonly int[] DefaultRetryIntervalsMs = [200, 1000, 3000];
    public static readonly int[] DefaultRedeliveryIntervalsSec = [10, 60];

    /// <summary>The retries in effect.</summary>
    public TimeSpan[] Retries => [.. (RetryIntervalsMs ?? DefaultRetryIntervalsMs).Select(ms => TimeSpan.FromMilliseconds(ms))];

    /// <summary>The broker redeliveries in effect (RabbitMQ only; the in-memory transport has no broker to wait in).</summary>
    public TimeSpan[] Redeliveries => Transport.Equals("RabbitMq", StringComparison.OrdinalIgnoreCase)
        ? [.. (RedeliveryIntervalsSec ?? DefaultRedeliveryIntervalsSec).Select(s => TimeSpan.FromSeconds(s))]
        : [];

    /// <summary>
    /// Redeliveries through the broker after the retries, growing (RabbitMQ only): by the delayed-message-exchange
    /// plugin when <see cref="RabbitMqOptions.DelayedExchangePlugin"/> is on, else by TTL wait queues
    /// (<see cref="Redelivery"/>). Unset: 10, 60.
    /// </summary>
    public int[]? RedeliveryIntervalsSec { get; set; }
}

/// <summary>RabbitMQ connection; bound from "Bus:RabbitMq".</summary>
public sealed class RabbitMqOptions
{
    /// <summary>Broker host name.</summary>
    public string Host { get; set; } = "localhost";

    /// <summary>AMQP port.</summary>
    public ushort Port { get; set; } = 5672;

    /// <summary>Virtual host the queues live in.</summary>
    public string VirtualHost { get; set; } = "/";

    /// <summary>Broker user.</summary>
    public string Username { get; set; } = "guest";

    /// <summary>Broker password (a secret in deployment).</summary>
    public string Password { get; set; } = "guest";

    /// <summary>
    /// The broker has rabbitmq_delayed_message_exchange, so MassTransit's own delayed redelivery can be used. Off by
    /// default: a broker without the plugin (Debian's) refuses its x-delayed-message exchanges, and the TTL wait queues
    /// of <see cref="Redelivery"/> need nothing but a stock broker.
    /// </summary>
    public bool DelayedExchangePlugin { get; set; }

    /// <summary>
    /// The consumers' queues are quorum queues with a delivery limit (<see cref="DeliveryLimit"/>): a message whose
    /// process stops before finishing it (killed, out of memory) each time is dead-lettered to
    /// <c>&lt;queue&gt;_delivery-limit</c>, reported as one AssetFailed and kept in <c>&lt;queue&gt;_error</c>
    /// (<see cref="DeliveryLimits"/>). On by default. A queue's type is fixed when it is declared: a classic queue of an
    /// earlier deployment must be drained and deleted before the services declare it again (docs/deploy.md); off keeps
    /// classic queues, which redeliver such a message for ever.
    /// </summary>
    public bool QuorumQueues { get; set; } = true;

    /// <summary>
    /// Deliveries a message gets on a quorum queue before it is dead-lettered, counting every time its consumer went
    /// away without settling it (process killed, channel closed); failures the bus handles (retries, redeliveries,
    /// AssetFailed) do not count. The queue's x-delivery-limit is one less (RabbitMQ counts returns). At least 1;
    /// default 3. Fixed at the queue's declaration, like <see cref="QuorumQueues"/>.
    /// </summary>
    public int DeliveryLimit { get; set; } = 3;
}
