using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Matchcut.ServiceDefaults;

/// <summary>The bus, once for every service: kebab-case endpoints named after consumers, retries, per-stage limits.</summary>
public static class BusRegistration
{
    /// <param name="isBadInput">
    /// Failures that repeat on every try (bad input): neither retried nor redelivered, and reported as not retriable.
    /// </param>
    public static IHostApplicationBuilder AddMatchcutBus(this IHostApplicationBuilder builder, Action<IBusRegistrationConfigurator> addConsumers,
        Func<Exception, bool> isBadInput)
    {
        builder.Services.AddMatchcutOptions<BusOptions>("Bus");
        builder.Services.AddSingleton(new BadInput(isBadInput));
        // The transport is chosen while registering, before options can be resolved: read the bound section once here.
        var options = new BusOptions();
        builder.Configuration.Bind("Bus", options);
        builder.Services.AddMassTransit(x =>
        {
            x.SetKebabCaseEndpointNameFormatter();
            x.ConfigureUsageTelemetryOptions(t => t.Enabled = options.UsageTelemetry);
            addConsumers(x);
            if (options.Transport.Equals("RabbitMq", StringComparison.OrdinalIgnoreCase))
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
                    cfg.ConfigureEndpoints(context);
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
