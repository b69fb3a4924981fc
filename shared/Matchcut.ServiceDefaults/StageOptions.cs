namespace Matchcut.ServiceDefaults;

/// <summary>Per-stage throughput; bound from "Stages:{stage}" (e.g. Stages__embed__ConcurrencyLimit).</summary>
public sealed class StageOptions
{
    /// <summary>Messages a process works on at once. Encode and embed are heavy: keep them low.</summary>
    public int ConcurrencyLimit { get; set; }

    /// <summary>Messages fetched ahead from the broker.</summary>
    public int PrefetchCount { get; set; }

    /// <summary>Defaults: heavy stages one at a time, light stages several.</summary>
    public static StageOptions DefaultFor(string stage) => stage switch
    {
        Contracts.PipelineStages.StandardizedEncode or Contracts.PipelineStages.EmbedGpu => new() { ConcurrencyLimit = 1, PrefetchCount = 2 },
        Contracts.PipelineStages.ShotSegment => new() { ConcurrencyLimit = 2, PrefetchCount = 4 },
        _ => new() { ConcurrencyLimit = 8, PrefetchCount = 16 },
    };
}
