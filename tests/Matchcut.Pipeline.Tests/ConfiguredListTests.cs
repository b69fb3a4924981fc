using MassTransit;
using Matchcut.Analysis.Segmentation;
using Matchcut.Pipeline;
using Matchcut.ServiceDefaults;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Matchcut.Stages;

namespace Matchcut.Pipeline.Tests;

/// <summary>
/// Lists set in configuration (Section__Key__0, __1, ...) replace their defaults. The binder appends to an array it
/// finds filled, so a list with a filled default silently grew: Bus__RetryIntervalsMs__0=500 gave four retries.
/// </summary>
public sealed class ConfiguredListTests
{
    private static IConfiguration Config(params (string Key, string Value)[] pairs) =>
        new ConfigurationBuilder().AddInMemoryCollection(pairs.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value))).Build();

    [Fact]
    public void Configured_retry_and_redelivery_intervals_replace_the_defaults()
    {
        var config = Config(("Bus:Transport", "RabbitMq"), ("Bus:RetryIntervalsMs:0", "500"), ("Bus:RedeliveryIntervalsSec:0", "5"),
            ("Bus:RedeliveryIntervalsSec:1", "30"), ("Bus:RedeliveryIntervalsSec:2", "120"));

        var direct = config.GetSection("Bus").Get<BusOptions>()!;
        var services = new ServiceCollection().AddSingleton(config);
        services.AddOptions<BusOptions>().BindConfiguration("Bus");
        var bound = services.BuildServiceProvider().GetRequiredService<IOptions<BusOptions>>().Value;

        foreach (var options in new[] { direct, bound })
        {
            Assert.Equal([TimeSpan.FromMilliseconds(500)], options.Retries);
            Assert.Equal([TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(120)], options.Redeliveries);
        }
    }

    [Fact]
    public void Unset_intervals_take_the_defaults_and_the_in_memory_bus_has_no_broker_redelivery()
    {
        var rabbit = Config(("Bus:Transport", "RabbitMq")).GetSection("Bus").Get<BusOptions>()!;
        Assert.Equal(BusOptions.DefaultRetryIntervalsMs.Select(ms => TimeSpan.FromMilliseconds(ms)), rabbit.Retries);
        Assert.Equal(BusOptions.DefaultRedeliveryIntervalsSec.Select(s => TimeSpan.FromSeconds(s)), rabbit.Redeliveries);

        var inMemory = new BusOptions { RedeliveryIntervalsSec = [5] };
        Assert.Empty(inMemory.Redeliveries);
    }

    [Fact]
    public void Configured_transition_windows_replace_the_defaults()
    {
        var options = Config(("Segmentation:TransitionHalfSeconds:0", "0.4")).GetSection("Segmentation").Get<SegmentationOptions>()!;
        Assert.Equal([0.4], options.TransitionHalves);
        Assert.Equal(SegmentationOptions.DefaultTransitionHalfSeconds, new SegmentationOptions().TransitionHalves);
    }
}

/// <summary>The bus sends nothing out of the platform unless configured to: MassTransit's usage report is on by its own default.</summary>
public sealed class UsageTelemetryTests
{
    [Theory]
    [InlineData(null, false)]
    [InlineData("false", false)]
    [InlineData("true", true)]
    public void MassTransit_usage_telemetry_is_off_unless_configured(string? setting, bool enabled)
    {
        var builder = Host.CreateApplicationBuilder();
        if (setting is not null) builder.Configuration["Bus:UsageTelemetry"] = setting;
        builder.AddMatchcutBus(_ => { }, StageFailures.IsBadInput);
        using var host = builder.Build();
        Assert.Equal(enabled, host.Services.GetRequiredService<IOptions<UsageTelemetryOptions>>().Value.Enabled);
    }
}

/// <summary>Per-stage throughput from "Stages:{stage}": what the endpoint of each stage is configured with.</summary>
public sealed class StageDefinitionTests
{
    [Fact]
    public void Configured_concurrency_and_prefetch_reach_the_stage_endpoint_and_defaults_keep_heavy_stages_low()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Stages:dedup:ConcurrencyLimit"] = "3",
            ["Stages:dedup:PrefetchCount"] = "7",
        }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(config);
        services.AddMassTransit(x =>
        {
            x.AddStage<Matchcut.Dedup.DedupConsumer>();
            x.AddStage<Matchcut.EmbedGpu.EmbedConsumer>();
        });
        using var provider = services.BuildServiceProvider();
        var stages = provider.GetRequiredService<IOptionsMonitor<StageOptions>>();

        var dedup = new StageConsumerDefinition<Matchcut.Dedup.DedupConsumer>(stages);
        Assert.Equal(3, dedup.ConcurrentMessageLimit);
        Assert.Equal(7, ((MassTransit.IConsumerDefinition)dedup).EndpointDefinition!.PrefetchCount);

        var embed = new StageConsumerDefinition<Matchcut.EmbedGpu.EmbedConsumer>(stages);
        Assert.Equal(1, embed.ConcurrentMessageLimit);
        Assert.Equal(2, ((MassTransit.IConsumerDefinition)embed).EndpointDefinition!.PrefetchCount);
    }
}
