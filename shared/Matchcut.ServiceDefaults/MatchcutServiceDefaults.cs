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
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Matchcut.ServiceDefaults;

/// <summary>What every service shares: options, object store, vector index, catalog, health endpoints, tracing and metrics.</summary>
public static class MatchcutServiceDefaults
{
    public static IHostApplicationBuilder AddMatchcutDefaults(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddMatchcutOptions<BusOptions>("Bus");
        services.AddMatchcutOptions<MediaOptions>("Media");
        services.AddMatchcutOptions<StorageOptions>("Storage");
        services.AddMatchcutOptions<VectorsOptions>("Vectors");
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<MediaOptions>>().Value);
        services.AddSingleton<VideoProber>();
        services.AddMatchcutOptions<S3StorageOptions>("Storage:S3");
        services.AddSingleton<IObjectStore>(sp => CreateStore(sp.GetRequiredService<IOptions<StorageOptions>>().Value,
            () => sp.GetRequiredService<IOptions<S3StorageOptions>>().Value));
        services.AddMatchcutOptions<InProcessVectorIndexOptions>(InProcessVectorIndexOptions.SectionName);
        services.AddMatchcutOptions<QdrantOptions>(QdrantOptions.SectionName);
        services.AddSingleton<IVectorIndex>(sp => CreateIndex(sp, sp.GetRequiredService<IOptions<VectorsOptions>>().Value));
        services.AddSingleton<AssetCatalog>();
        services.AddMetrics();
        services.AddSingleton<StageMetrics>();
        services.AddSingleton<StageProgressFeed>();
        services.AddSingleton<IStageProgress>(sp => sp.GetRequiredService<StageProgressFeed>());
        services.AddSingleton<StageServices>();
        services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
        builder.AddMatchcutTelemetry();
        return builder;
    }

    /// <summary>
    /// Options the one way every service binds them: from <paramref name="section"/>, checked when the host starts (so a
    /// bad setting stops start-up instead of the first message).
    /// </summary>
    /// <param name="name">Named options (e.g. one per stage); the default options when null.</param>
    /// <param name="defaults">Values set before the section is bound, so configuration overrides them.</param>
    public static OptionsBuilder<T> AddMatchcutOptions<T>(this IServiceCollection services, string section, string? name = null, Action<T>? defaults = null)
        where T : class
    {
        var options = services.AddOptions<T>(name ?? Options.DefaultName);
        if (defaults is not null) options.Configure(defaults);
        return options.BindConfiguration(section).ValidateOnStart();
    }

    /// <summary>
    /// Traces of MassTransit's publish/consume spans and the pipeline's stage spans (one trace per landing across every
    /// service, carried in the message headers), and stage durations. Exported over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set.
    /// </summary>
    public static IHostApplicationBuilder AddMatchcutTelemetry(this IHostApplicationBuilder builder)
    {
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(builder.Environment.ApplicationName))
            .WithTracing(t => t.AddSource(PipelineTelemetry.MassTransitSource, PipelineTelemetry.SourceName))
            .WithMetrics(m => m.AddMeter(PipelineTelemetry.MassTransitSource, PipelineTelemetry.SourceName));
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])) otel.UseOtlpExporter();
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
