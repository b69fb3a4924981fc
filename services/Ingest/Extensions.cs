using MassTransit;
using Matchcut.Media;
using Matchcut.Pipeline;
using Matchcut.ServiceDefaults;
using Matchcut.Stages;
using Matchcut.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Matchcut.Ingest;

/// <summary>Ingest's wiring. Subscribes to: AssetLanded.</summary>
public static class Extensions
{
    public static IHostApplicationBuilder AddIngestStage(this IHostApplicationBuilder builder)
    {
        builder.Services.AddObjectStore();
        builder.Services.AddStageServices();
        builder.Services.AddVideoProber();
        builder.Services.AddMatchcutOptions<IngestOptions>("Ingest");
        builder.Services.AddSingleton<IValidateOptions<IngestOptions>, IngestOptions.Validation>();
        builder.Services.AddSingleton<SourceResolver>();
        builder.Services.AddSingleton<ContentIngestor>();
        return builder;
    }

    public static void AddIngestConsumers(this IBusRegistrationConfigurator x) => x.AddStage<IngestConsumer>();
}
