namespace Matchcut.Hosting;

/// <summary>Bump a stage's version when its output changes meaning; older results are then recomputed, not reused.</summary>
public static class StageVersions
{
    public const string Segment = "seg-v2";
    public const string Dedup = "dedup-v1";
    public const string Embed = "embed-v1";
    public const string Score = "score-v1";
    public const string Index = "index-v1";
}
