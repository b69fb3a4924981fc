using MassTransit;
using Matchcut.Media;
using Matchcut.Pipeline;
using Matchcut.ServiceDefaults;
using Matchcut.Stages;
using Matchcut.Storage;
using Matchcut.Vectors;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Matchcut.Index;

/// <summary>Index's wiring. Subscribes to: ShotsScored, AssetFailed (landing records).</summary>
public static class Extensions
{
    public static IHostApplicationBuilder AddIndexStage(this IHostApplicationBuilder builder)
    {
        builder.Services.AddObjectStore();
        builder.Services.AddStageServices();
        builder.Services.AddVectorIndex();
        builder.Services.AddMediaOptions();
        builder.Services.AddTagsOptions();
        builder.Services.AddSingleton<ShotIndexer>();
        builder.Services.AddSingleton<ShotReindexer>();
        return builder;
    }

    /// <summary>With an in-process vector index (Vectors:Kind InProcess), refill it from the store at start; Qdrant keeps its own data.</summary>
    public static IHostApplicationBuilder AddIndexRefill(this IHostApplicationBuilder builder)
    {
        if (!string.Equals(builder.Configuration["Vectors:Kind"] ?? new VectorsOptions().Kind, "InProcess", StringComparison.OrdinalIgnoreCase)) return builder;
        builder.Services.AddMatchcutOptions<IndexRefillOptions>("Index:Refill");
        builder.Services.AddSingleton<IndexRefill>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<IndexRefill>());
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration("index-refill", sp => sp.GetRequiredService<IndexRefill>(), null, null));
        return builder;
    }

    /// <summary>The tag thresholds, once, for the indexer and the query API (either may come first).</summary>
    public static IServiceCollection AddTagsOptions(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(Microsoft.Extensions.Options.IConfigureOptions<TagsOptions>))) return services;
        services.AddMatchcutOptions<TagsOptions>(TagsOptions.SectionName).Validate(o => o.Problem() is null, "Tags: thresholds must be within 0..1.");
        return services;
    }

    public static void AddIndexConsumers(this IBusRegistrationConfigurator x)
    {
        x.AddStage<IndexConsumer>();
        x.AddConsumer<LandingFailureConsumer>();
    }
}
