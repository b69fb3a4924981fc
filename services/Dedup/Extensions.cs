using Matchcut.Encoders;
using MassTransit;
using Matchcut.Pipeline;
using Matchcut.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Matchcut.Dedup;

/// <summary>Dedup's wiring. Subscribes to: ShotsSegmented.</summary>
public static class Extensions
{
    public static IHostApplicationBuilder AddDedupStage(this IHostApplicationBuilder builder)
    {
        builder.Services.AddMatchcutOptions<DedupOptions>("Dedup");
        builder.Services.AddShotEncoders();
        builder.Services.AddSingleton<ShotDescriptorSource>();
        return builder;
    }

    public static void AddDedupConsumers(this IBusRegistrationConfigurator x) => x.AddStage<DedupConsumer>();
}
