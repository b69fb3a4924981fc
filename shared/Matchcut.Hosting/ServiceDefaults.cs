using Matchcut.Media;
using Matchcut.Storage;
using Matchcut.Storage.S3;
using Matchcut.Vectors;
using Matchcut.Vectors.InProcess;
using Matchcut.Vectors.Qdrant;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Matchcut.Hosting;

/// <summary>What every service shares: options, object store, vector index, catalog, health endpoints.</summary>
public static class ServiceDefaults
{
    public static IHostApplicationBuilder AddMatchcutDefaults(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<BusOptions>().BindConfiguration("Bus");
        services.AddOptions<MediaOptions>().BindConfiguration("Media");
        services.AddOptions<StorageOptions>().BindConfiguration("Storage");
        services.AddOptions<VectorsOptions>().BindConfiguration("Vectors");
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<MediaOptions>>().Value);
        services.AddSingleton<VideoProber>();
        services.AddOptions<S3StorageOptions>().BindConfiguration("Storage:S3");
        services.AddSingleton<IObjectStore>(sp => CreateStore(sp.GetRequiredService<IOptions<StorageOptions>>().Value,
            () => sp.GetRequiredService<IOptions<S3StorageOptions>>().Value));
        services.AddOptions<InProcessVectorIndexOptions>().BindConfiguration(InProcessVectorIndexOptions.SectionName);
        services.AddOptions<QdrantOptions>().BindConfiguration(QdrantOptions.SectionName);
        services.AddSingleton<IVectorIndex>(sp => CreateIndex(sp, sp.GetRequiredService<IOptions<VectorsOptions>>().Value));
        services.AddSingleton<AssetCatalog>();
        services.AddSingleton<StageExecutionCounter>();
        services.AddSingleton<StageProgressFeed>();
        services.AddSingleton<IStageProgress>(sp => sp.GetRequiredService<StageProgressFeed>());
        services.AddSingleton<StageServices>();
        services.AddSingleton<PipelineTracker>();
        services.AddSingleton<Results.AssetResultBuilder>();
        services.AddSingleton<Results.ResultExporter>();
        services.AddSingleton<CrossTitle.CrossTitleMatcher>();
        services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
        return builder;
    }

    /// <summary>/alive: the process runs; /health: it and its dependencies (bus included) are ready.</summary>
    public static WebApplication MapMatchcutHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health");
        app.MapHealthChecks("/alive", new HealthCheckOptions { Predicate = r => r.Tags.Contains("live") });
        return app;
    }

    private static IObjectStore CreateStore(StorageOptions options, Func<S3StorageOptions> s3) => options.Kind.ToLowerInvariant() switch
    {
        "filesystem" => new FileSystemObjectStore(options.Root),
        "s3" => new S3ObjectStore(s3()),
        _ => throw new InvalidOperationException($"Storage:Kind '{options.Kind}' is not known; use FileSystem or S3."),
    };

    private static IVectorIndex CreateIndex(IServiceProvider sp, VectorsOptions options) => options.Kind.ToLowerInvariant() switch
    {
        "inprocess" => new InProcessVectorIndex(sp.GetRequiredService<IOptions<InProcessVectorIndexOptions>>().Value),
        "qdrant" => new QdrantVectorIndex(sp.GetRequiredService<IOptions<QdrantOptions>>().Value),
        _ => throw new InvalidOperationException($"Vectors:Kind '{options.Kind}' is not known; use InProcess or Qdrant."),
    };
}
