using MassTransit;
using Matchcut.Encoders;
using Matchcut.Media;
using Matchcut.Pipeline;
using Matchcut.ServiceDefaults;
using Matchcut.Stages;
using Matchcut.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Matchcut.EmbedGpu;

/// <summary>EmbedGpu's wiring. Subscribes to: ShotsDeduplicated.</summary>
public static class Extensions
{
    public static IHostApplicationBuilder AddEmbedStage(this IHostApplicationBuilder builder)
    {
        builder.Services.AddObjectStore();
        builder.Services.AddStageServices();
        builder.Services.AddMediaOptions();
        builder.Services.AddShotEncoders();
        builder.Services.AddModelWarmup(StageModels.Vision | StageModels.Text);
        builder.Services.AddSingleton<ShotEmbedder>();
        return builder;
    }

    public static void AddEmbedConsumers(this IBusRegistrationConfigurator x) => x.AddStage<EmbedConsumer>();
}
