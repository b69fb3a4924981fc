using MassTransit;
using Matchcut.Contracts;
using Matchcut.Pipeline;

namespace Matchcut.AllInOne;

/// <summary>Feeds every pipeline event to the <see cref="PipelineTracker"/> (for the command line and tests).</summary>
public sealed class PipelineProgressConsumer(PipelineTracker tracker) :
    IConsumer<AssetIngested>, IConsumer<AssetStandardized>, IConsumer<ShotsSegmented>, IConsumer<ShotsDeduplicated>,
    IConsumer<ShotsEmbedded>, IConsumer<ShotsScored>, IConsumer<ShotsIndexed>, IConsumer<AssetFailed>
{
    public Task Consume(ConsumeContext<AssetIngested> context) => Observe(context.Message);
    public Task Consume(ConsumeContext<AssetStandardized> context) => Observe(context.Message);
    public Task Consume(ConsumeContext<ShotsSegmented> context) => Observe(context.Message);
    public Task Consume(ConsumeContext<ShotsDeduplicated> context) => Observe(context.Message);
    public Task Consume(ConsumeContext<ShotsEmbedded> context) => Observe(context.Message);
    public Task Consume(ConsumeContext<ShotsScored> context) => Observe(context.Message);
    public Task Consume(ConsumeContext<ShotsIndexed> context) => Observe(context.Message);
    public Task Consume(ConsumeContext<AssetFailed> context) => Observe(context.Message);

    private Task Observe(object message)
    {
        tracker.Observe(message);
        return Task.CompletedTask;
    }
}
