namespace Matchcut.Hosting;

/// <summary>Message transport and delivery policy; bound from the "Bus" configuration section.</summary>
public sealed class BusOptions
{
    /// <summary>"InMemory" (the embedded default, one process) or "RabbitMq".</summary>
    public string Transport { get; set; } = "InMemory";

    public RabbitMqOptions RabbitMq { get; set; } = new();

    /// <summary>Immediate retries, growing, before a message is redelivered or faulted.</summary>
    public int[] RetryIntervalsMs { get; set; } = [200, 1000, 3000];

    /// <summary>Delayed redeliveries after the retries, growing; used only when <see cref="RabbitMqOptions.DelayedExchangePlugin"/> is on.</summary>
    public int[] RedeliveryIntervalsSec { get; set; } = [10, 60];
}

/// <summary>RabbitMQ connection; bound from "Bus:RabbitMq".</summary>
public sealed class RabbitMqOptions
{
    public string Host { get; set; } = "localhost";
    public ushort Port { get; set; } = 5672;
    public string VirtualHost { get; set; } = "/";
    public string Username { get; set; } = "guest";
    public string Password { get; set; } = "guest";

    /// <summary>
    /// The broker has rabbitmq_delayed_message_exchange: MassTransit's delayed redelivery declares x-delayed-message
    /// exchanges, which a broker without the plugin (Debian's) refuses, so it is off by default and the growing
    /// in-process retries are the only second chances.
    /// </summary>
    public bool DelayedExchangePlugin { get; set; }
}
