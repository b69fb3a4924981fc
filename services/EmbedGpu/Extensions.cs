using Matchcut.Encoders;
using MassTransit;
using Matchcut.Pipeline;
using Matchcut.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Matchcut.EmbedGpu;

/// <summary>EmbedGpu's wiring. Subscribes to: ShotsDeduplicated.</summary>
public static class Extensions
{
    public static IHostApplicationBuilder AddEmbedStage(this IHostApplicationBuilder builder)
    {
        builder.Services.AddShotEncoders();
        builder.Services.AddSingleton<ShotEmbedder>();
        return builder;
    }

    public static void AddEmbedConsumers(this IBusRegistrationConfigurator x) => x.AddStage<EmbedConsumer>();
}
