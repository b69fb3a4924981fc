using MassTransit;
using Matchcut.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Matchcut.Index;

/// <summary>Index's wiring. Subscribes to: ShotsScored.</summary>
public static class Extensions
{
    public static IHostApplicationBuilder AddIndexStage(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ShotIndexer>();
        builder.Services.AddSingleton<ShotReindexer>();
        return builder;
    }

    public static void AddIndexConsumers(this IBusRegistrationConfigurator x) => x.AddStage<IndexConsumer>();
}
