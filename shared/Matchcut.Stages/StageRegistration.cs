using MassTransit;
using Matchcut.Media;
using Matchcut.Pipeline;
using Matchcut.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Matchcut.Stages;

public static class StageRegistration
{
    /// <summary>What every stage consumer needs besides the object store: the asset catalog, stage metrics, progress and <see cref="StageServices"/>.</summary>
    public static IServiceCollection AddStageServices(this IServiceCollection services)
    {
        // Once, however many of the process's stages ask for it.
        if (services.Any(d => d.ServiceType == typeof(StageServices))) return services;
        services.AddSingleton<AssetCatalog>();
        services.AddSingleton<StageMetrics>();
        services.AddSingleton<StageProgressFeed>();
        services.AddSingleton<IStageProgress>(sp => sp.GetRequiredService<StageProgressFeed>());
        services.AddSingleton<StageServices>();
        return services;
    }

    /// <summary>The bus with the service's stage consumers, bad input judged by <see cref="StageFailures.IsBadInput"/>.</summary>
    public static IHostApplicationBuilder AddMatchcutStages(this IHostApplicationBuilder builder, Action<IBusRegistrationConfigurator> addConsumers)
    {
        builder.Services.AddStageServices();
        return builder.AddMatchcutBus(addConsumers, StageFailures.IsBadInput);
    }

    /// <summary>Stage consumer with its endpoint definition (concurrency and prefetch from "Stages:{stage}").</summary>
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
        // Its queue (named by the bus's kebab-case formatter) belongs to the stage, for failures reported by queue.
        x.AddSingleton(new EndpointStage(KebabCaseEndpointNameFormatter.Instance.Consumer<TConsumer>(), TConsumer.Stage));
    }
}

/// <summary>Which failures of a stage repeat on every try: bad input, never retried nor redelivered.</summary>
public static class StageFailures
{
    public static bool IsBadInput(Exception ex) =>
        ex is MediaRejectedException or AssetRejectedException or ObjectNotFoundInStageException or FeatureMissingException
            or System.Runtime.Serialization.SerializationException
            or Storage.LocalCacheFullException { Permanent: true };
}
