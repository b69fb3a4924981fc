namespace Matchcut.Stages;

/// <summary>A consumer that is one pipeline stage; its name selects its options and appears in statuses.</summary>
public interface IStageConsumer
{
    static abstract string Stage { get; }
}
