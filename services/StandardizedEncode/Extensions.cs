using MassTransit;
using Matchcut.Analysis.Segmentation;
using Matchcut.Media;
using Matchcut.Pipeline;
using Matchcut.ServiceDefaults;
using Matchcut.Stages;
using Matchcut.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Matchcut.StandardizedEncode;

/// <summary>StandardizedEncode's wiring. Subscribes to: AssetIngested.</summary>
public static class Extensions
{
    public static IHostApplicationBuilder AddStandardizedEncodeStage(this IHostApplicationBuilder builder)
    {
        builder.Services.AddObjectStore();
        builder.Services.AddStageServices();
        builder.Services.AddVideoProber();
        // The segmentation features come from this stage's decode: the same "Segmentation" settings ShotSegment binds,
        // bound once per host (binding twice would append to its arrays).
        if (builder.Services.All(d => d.ServiceType != typeof(SegmentationOptions)))
        {
            builder.Services.AddMatchcutOptions<SegmentationOptions>("Segmentation");
            builder.Services.AddSingleton(sp => sp.GetRequiredService<IOptions<SegmentationOptions>>().Value);
        }
        builder.Services.AddSingleton<StandardEncoder>();
        return builder;
    }

    public static void AddStandardizedEncodeConsumers(this IBusRegistrationConfigurator x) => x.AddStage<StandardizeConsumer>();
}
