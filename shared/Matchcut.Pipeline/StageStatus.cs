namespace Matchcut.Pipeline;

/// <summary>How a stage's last real execution for an asset ended.</summary>
public sealed record StageStatus(string Stage, StageState State, double Seconds, string? Reason, DateTimeOffset At);

/// <summary>Completed or failed; a stage without a status has not run.</summary>
public enum StageState
{
    Completed,
    Failed,
}
