using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Matchcut.Pipeline;

namespace Matchcut.ServiceDefaults;

/// <summary>The bus, once for every service: kebab-case endpoints named after consumers, retries, per-stage limits.</summary>
public static class BusRegistration
{
    public static IHostApplicationBuilder AddMatchcutBus(this IHostApplicationBuilder builder, Action<IBusRegistrationConfigurator> addConsumers)
    {
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
                            d.Ignore<Media.MediaRejectedException>();
                            d.Ignore<AssetRejectedException>();
                            d.Ignore<ObjectNotFoundInStageException>();
                            d.Ignore<FeatureMissingException>();
                            d.Ignore<System.Runtime.Serialization.SerializationException>();
                        });
                    }
                    else
                    {
                        cfg.UseWaitQueueRedelivery(redeliveries, ex => !IsBadInput(ex), context.GetRequiredService<ILoggerFactory>());
                    }
                    ConfigureDelivery(cfg, options);
                    cfg.ConfigureEndpoints(context);
                });
            }
            else
            {
                x.UsingInMemory((context, cfg) =>
                {
                    cfg.ConnectFailureReport(context);
                    ConfigureDelivery(cfg, options);
                    cfg.ConfigureEndpoints(context);
                });
            }
        });
        return builder;
    }

    /// <summary>Stage consumer with its endpoint definition (concurrency and prefetch from configuration).</summary>
    public static void AddStage<TConsumer>(this IBusRegistrationConfigurator x)
        where TConsumer : class, IConsumer, IStageConsumer
    {
        var defaults = StageOptions.DefaultFor(TConsumer.Stage);
        x.AddMatchcutOptions<StageOptions>($"Stages:{TConsumer.Stage}", TConsumer.Stage, o =>
        {
            o.ConcurrencyLimit = defaults.ConcurrencyLimit;
            o.PrefetchCount = defaults.PrefetchCount;
        });
        x.AddConsumer<TConsumer, StageConsumerDefinition<TConsumer>>();
    }

    private static void ConfigureDelivery(IBusFactoryConfigurator cfg, BusOptions options)
    {
        var retries = options.Retries;
        cfg.UseMessageRetry(r =>
        {
            r.Intervals(retries);
            // Bad input will fail the same way every time: do not retry it.
            r.Ignore<Media.MediaRejectedException>();
            r.Ignore<AssetRejectedException>();
            r.Ignore<ObjectNotFoundInStageException>();
            r.Ignore<FeatureMissingException>();
            r.Ignore<System.Runtime.Serialization.SerializationException>();
            r.Ignore<Storage.LocalCacheFullException>(e => e.Permanent);
        });
    }

    /// <summary>Failures that repeat on every try, so neither retried nor redelivered.</summary>
    public static bool IsBadInput(Exception ex) =>
        ex is Media.MediaRejectedException or AssetRejectedException or ObjectNotFoundInStageException or FeatureMissingException
            or System.Runtime.Serialization.SerializationException
            or Storage.LocalCacheFullException { Permanent: true };
}
