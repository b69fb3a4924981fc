using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Matchcut.ServiceDefaults;

/// <summary>
/// The bus, once for every service: kebab-case endpoints named after consumers, retries, per-stage limits; on RabbitMQ,
/// quorum queues with a delivery limit (<see cref="DeliveryLimits"/>).
/// </summary>
public static class BusRegistration
{
    /// <param name="isBadInput">
    /// Failures that repeat on every try (bad input): neither retried nor redelivered, and reported as not retriable.
    /// </param>
    public static IHostApplicationBuilder AddMatchcutBus(this IHostApplicationBuilder builder, Action<IBusRegistrationConfigurator> addConsumers,
        Func<Exception, bool> isBadInput)
    {
        builder.Services.AddMatchcutOptions<BusOptions>("Bus")
            .Validate(o => !o.RabbitMq.QuorumQueues || o.RabbitMq.DeliveryLimit >= 1, "Bus:RabbitMq:DeliveryLimit must be at least 1.");
        builder.Services.AddSingleton(new BadInput(isBadInput));
        // The transport is chosen while registering, before options can be resolved: read the bound section once here.
        var options = new BusOptions();
        builder.Configuration.Bind("Bus", options);
        var rabbitMq = options.Transport.Equals("RabbitMq", StringComparison.OrdinalIgnoreCase);
        var quorum = rabbitMq && options.RabbitMq.QuorumQueues;
        var deliveryLimit = Math.Max(1, options.RabbitMq.DeliveryLimit);
        // The consumers' queues, as ConfigureEndpoints declares them: each gets a dead-letter endpoint after it.
        var quorumQueues = new List<string>();
        builder.Services.AddMassTransit(x =>
        {
            x.SetKebabCaseEndpointNameFormatter();
            x.ConfigureUsageTelemetryOptions(t => t.Enabled = options.UsageTelemetry);
            addConsumers(x);
            if (quorum)
            {
                x.AddConfigureEndpointsCallback((queue, e) =>
                {
                    if (e is not IRabbitMqReceiveEndpointConfigurator r) return;
                    DeliveryLimits.ConfigureQuorumQueue(r, queue, deliveryLimit);
                    lock (quorumQueues)
                        if (!quorumQueues.Contains(queue)) quorumQueues.Add(queue);
                });
            }
            if (rabbitMq)
            {
                x.UsingRabbitMq((context, cfg) =>
                {
                    var r = options.RabbitMq;
                    cfg.Host(r.Host, r.Port, r.VirtualHost, h =>
                    {
                        h.Username(r.Username);
                        h.Password(r.Password);
                    });
                    // First, so that its filter wraps redelivery and retries and reports only what they gave up on.
                    cfg.ConnectFailureReport(context);
                    var redeliveries = options.Redeliveries;
                    // Redelivery goes back through the broker after the in-process retries, freeing the consumer; it must
                    // wrap the retries, so it is configured first.
                    if (r.DelayedExchangePlugin)
                    {
                        cfg.UseDelayedMessageScheduler();
                        cfg.UseDelayedRedelivery(d =>
                        {
                            d.Intervals(redeliveries);
                            d.Ignore<Exception>(isBadInput);
                        });
                    }
                    else
                    {
                        cfg.UseWaitQueueRedelivery(redeliveries, ex => !isBadInput(ex), context.GetRequiredService<ILoggerFactory>());
                    }
                    ConfigureDelivery(cfg, options, isBadInput);
                    if (quorum) DeliveryLimits.KeepFailedQueuesClassic(cfg);
                    cfg.ConfigureEndpoints(context);
                    if (quorum)
                    {
                        string[] queues;
                        lock (quorumQueues) queues = [.. quorumQueues];
                        foreach (var queue in queues) DeliveryLimits.AddDeadLetterEndpoint(cfg, context, queue, deliveryLimit);
                    }
                });
            }
            else
            {
                x.UsingInMemory((context, cfg) =>
                {
                    cfg.ConnectFailureReport(context);
                    ConfigureDelivery(cfg, options, isBadInput);
                    cfg.ConfigureEndpoints(context);
                });
            }
        });
        return builder;
    }

    private static void ConfigureDelivery(IBusFactoryConfigurator cfg, BusOptions options, Func<Exception, bool> isBadInput)
    {
        var retries = options.Retries;
        cfg.UseMessageRetry(r =>
        {
            r.Intervals(retries);
            // Bad input will fail the same way every time: do not retry it.
            r.Ignore<Exception>(isBadInput);
        });
    }
}

/// <summary>The service's rule for failures that repeat on every try (see <see cref="BusRegistration.AddMatchcutBus"/>).</summary>
public sealed record BadInput(Func<Exception, bool> Is);
