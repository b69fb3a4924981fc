namespace Matchcut.Hosting;

/// <summary>Message transport and delivery policy; bound from the "Bus" configuration section.</summary>
public sealed class BusOptions
{
    /// <summary>"InMemory" (the embedded default, one process) or "RabbitMq".</summary>
    public string Transport { get; set; } = "InMemory";

    public RabbitMqOptions RabbitMq { get; set; } = new();

    /// <summary>Immediate retries, growing, before a message is redelivered or faulted.</summary>
    public int[] RetryIntervalsMs { get; set; } = [200, 1000, 3000];

    /// <summary>Delayed redeliveries after the retries (RabbitMQ only), growing.</summary>
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
}
