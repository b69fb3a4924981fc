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

namespace Matchcut.ShotSegment;

/// <summary>ShotSegment's wiring. Subscribes to: AssetStandardized.</summary>
public static class Extensions
{
    public static IHostApplicationBuilder AddShotSegmentStage(this IHostApplicationBuilder builder)
    {
        builder.Services.AddObjectStore();
        builder.Services.AddStageServices();
        builder.Services.AddMediaOptions();
        // Bound once per host: StandardizedEncode binds the same section (it makes the features), and binding twice would append to its arrays.
        if (builder.Services.All(d => d.ServiceType != typeof(SegmentationOptions)))
        {
            builder.Services.AddMatchcutOptions<SegmentationOptions>("Segmentation");
            builder.Services.AddSingleton(sp => sp.GetRequiredService<IOptions<SegmentationOptions>>().Value);
        }
        builder.Services.AddMatchcutOptions<ShotLimitOptions>("ShotSegment").Validate(o => o.MaxShots > 0, "ShotSegment:MaxShots must be positive.");
        builder.Services.AddSingleton<ShotAnalyzer>();
        builder.Services.AddSingleton<ShotMaterializer>();
        builder.Services.AddSingleton<ShotSegmenter>();
        return builder;
    }

    public static void AddShotSegmentConsumers(this IBusRegistrationConfigurator x) => x.AddStage<SegmentShotsConsumer>();
}
