using MassTransit;
using Matchcut.Encoders;
using Matchcut.Media;
using Matchcut.Pipeline;
using Matchcut.ServiceDefaults;
using Matchcut.Stages;
using Matchcut.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Matchcut.Dedup;

/// <summary>Dedup's wiring. Subscribes to: ShotsSegmented.</summary>
public static class Extensions
{
    public static IHostApplicationBuilder AddDedupStage(this IHostApplicationBuilder builder)
    {
        builder.Services.AddObjectStore();
        builder.Services.AddStageServices();
        builder.Services.AddMediaOptions();
        builder.Services.AddMatchcutOptions<DedupOptions>("Dedup");
        builder.Services.AddShotEncoders();
        builder.Services.AddModelWarmup(StageModels.FrameEncoder);
        builder.Services.AddSingleton<ShotDescriptorSource>();
        builder.Services.TryAddSingleton<StillImageDecoder>();
        builder.Services.AddSingleton<TextDifference>();
        return builder;
    }

    public static void AddDedupConsumers(this IBusRegistrationConfigurator x) => x.AddStage<DedupConsumer>();
}
