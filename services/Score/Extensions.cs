using MassTransit;
using Matchcut.Pipeline;
using Matchcut.ServiceDefaults;
using Matchcut.Stages;
using Matchcut.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Matchcut.Score;

/// <summary>Score's wiring. Subscribes to: ShotsEmbedded.</summary>
public static class Extensions
{
    public static IHostApplicationBuilder AddScoreStage(this IHostApplicationBuilder builder)
    {
        builder.Services.AddObjectStore();
        builder.Services.AddStageServices();
        builder.Services.AddMatchcutOptions<ScoringOptions>("Scoring");
        return builder;
    }

    public static void AddScoreConsumers(this IBusRegistrationConfigurator x) => x.AddStage<ScoreConsumer>();
}
