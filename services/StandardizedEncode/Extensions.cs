using MassTransit;
using Matchcut.Pipeline;
using Matchcut.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Matchcut.StandardizedEncode;

/// <summary>StandardizedEncode's wiring. Subscribes to: AssetIngested.</summary>
public static class Extensions
{
    public static IHostApplicationBuilder AddStandardizedEncodeStage(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<StandardEncoder>();
        return builder;
    }

    public static void AddStandardizedEncodeConsumers(this IBusRegistrationConfigurator x) => x.AddStage<StandardizeConsumer>();
}
