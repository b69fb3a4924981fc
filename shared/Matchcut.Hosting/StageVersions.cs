namespace Matchcut.Hosting;

/// <summary>Bump a stage's version when its output changes meaning; older results are then recomputed, not reused.</summary>
public static class StageVersions
{
    public const string Segment = "seg-v4";
    public const string Dedup = "dedup-v3";
    public const string Embed = "embed-v2";
    public const string Score = "score-v2";
    public const string Index = "index-v2"; // v2: payload carries the shot's tags and scale

    /// <summary>Per-shot model outputs shared by Dedup and EmbedGpu (whichever runs the models first stores them).</summary>
    public const string Vision = "vision-v1";
}
