using MassTransit;
using MassTransit.Configuration;

namespace Matchcut.ServiceDefaults;

/// <summary>Puts a filter into the consume pipe of every message type of the bus being configured.</summary>
internal static class EveryMessage
{
    /// <summary>Makes the filter for one message type.</summary>
    public interface IFilterSource
    {
        IFilter<ConsumeContext<T>> For<T>() where T : class;
    }

    /// <summary>Filters added earlier wrap those added later.</summary>
    public static void AddFilter(IConsumePipeConfigurator configurator, IFilterSource source) => _ = new Observer(configurator, source);

    private sealed class Observer : ConfigurationObserver, IMessageConfigurationObserver
    {
        private readonly IFilterSource _source;

        public Observer(IConsumePipeConfigurator configurator, IFilterSource source) : base(configurator)
        {
            _source = source;
            Connect(this);
        }

        public void MessageConfigured<TMessage>(IConsumePipeConfigurator configurator) where TMessage : class =>
            configurator.AddPipeSpecification(new Specification<TMessage>(_source.For<TMessage>()));
    }

    private sealed class Specification<T>(IFilter<ConsumeContext<T>> filter) : IPipeSpecification<ConsumeContext<T>> where T : class
    {
        public void Apply(IPipeBuilder<ConsumeContext<T>> builder) => builder.AddFilter(filter);

        public IEnumerable<ValidationResult> Validate() => [];
    }
}
