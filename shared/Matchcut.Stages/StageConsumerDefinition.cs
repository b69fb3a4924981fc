using MassTransit;
using Microsoft.Extensions.Options;

namespace Matchcut.Stages;

/// <summary>Concurrency and prefetch of a stage's endpoint from "Stages:{stage}", so heavy stages take fewer messages at once.</summary>
public sealed class StageConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer, IStageConsumer
{
    public StageConsumerDefinition(IOptionsMonitor<StageOptions> stages)
    {
        var options = stages.Get(TConsumer.Stage);
        if (options.ConcurrencyLimit > 0) ConcurrentMessageLimit = options.ConcurrencyLimit;
        if (options.PrefetchCount > 0) Endpoint(e => e.PrefetchCount = options.PrefetchCount);
    }
}
