using Matchcut.Stages;
using Matchcut.Dedup;
using Matchcut.EmbedGpu;
using Matchcut.Pipeline;
using Matchcut.ServiceDefaults;
using Matchcut.Index;
using Matchcut.Ingest;
using Matchcut.Score;
using Matchcut.ShotSegment;
using Matchcut.Reports;
using Matchcut.StandardizedEncode;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Matchcut.AllInOne;

/// <summary>The embedded default: every stage's consumer in one process on the in-memory bus, filesystem store and in-process index.</summary>
public static class AllInOneHost
{
    public static IHost Build(IDictionary<string, string?> settings, string[]? args = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddAllStages();
        return builder.Build();
    }

    /// <summary>Every stage and its consumers on the configured bus; shared by `run` and `serve`.</summary>
    public static IHostApplicationBuilder AddAllStages(this IHostApplicationBuilder builder)
    {
        // A start-up failure (a setting out of range, a busy port) is told in one line by the command, not logged again with its stack.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        builder.AddMatchcutDefaults();
        builder.AddIngestStage();
        builder.AddStandardizedEncodeStage();
        builder.AddShotSegmentStage();
        builder.AddDedupStage();
        builder.AddEmbedStage();
        builder.AddScoreStage();
        builder.AddIndexStage();
        builder.Services.AddMatchcutReports();
        builder.Services.AddSingleton<PipelineTracker>();
        builder.AddMatchcutStages(x =>
        {
            x.AddIngestConsumers();
            x.AddStandardizedEncodeConsumers();
            x.AddShotSegmentConsumers();
            x.AddDedupConsumers();
            x.AddEmbedConsumers();
            x.AddScoreConsumers();
            x.AddIndexConsumers();
            x.AddConsumer<PipelineProgressConsumer>();
        });
        return builder;
    }
}
