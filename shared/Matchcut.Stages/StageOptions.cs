namespace Matchcut.Stages;

/// <summary>Per-stage throughput; bound from "Stages:{stage}" (e.g. Stages__embed__ConcurrencyLimit).</summary>
public sealed class StageOptions
{
    /// <summary>Messages a process works on at once. Encode and embed are heavy: keep them low.</summary>
    public int ConcurrencyLimit { get; set; }

    /// <summary>Messages fetched ahead from the broker.</summary>
    public int PrefetchCount { get; set; }

    /// <summary>The stage's deadline: this many seconds plus <see cref="DeadlineSecondsPerMinute"/> per minute of input; 0 with both means none.</summary>
    public double DeadlineFloorSeconds { get; set; } = 900;

    /// <summary>Deadline seconds per minute of the input's duration (scaled so a feature gets hours where a clip gets minutes).</summary>
    public double DeadlineSecondsPerMinute { get; set; } = 60;

    /// <summary>The deadline for an input lasting <paramref name="durationSec"/>; null when none is configured.</summary>
    public TimeSpan? DeadlineFor(double durationSec)
    {
        var seconds = DeadlineFloorSeconds + DeadlineSecondsPerMinute * Math.Max(0, durationSec) / 60;
        return seconds > 0 ? TimeSpan.FromSeconds(seconds) : null;
    }

    /// <summary>Defaults: heavy stages one at a time, light stages several.</summary>
    public static StageOptions DefaultFor(string stage) => stage switch
    {
        Contracts.PipelineStages.StandardizedEncode or Contracts.PipelineStages.EmbedGpu => new() { ConcurrencyLimit = 1, PrefetchCount = 2 },
        Contracts.PipelineStages.ShotSegment => new() { ConcurrencyLimit = 2, PrefetchCount = 4 },
        _ => new() { ConcurrencyLimit = 8, PrefetchCount = 16 },
    };
}
