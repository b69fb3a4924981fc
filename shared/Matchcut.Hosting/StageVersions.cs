namespace Matchcut.Hosting;

/// <summary>
/// Bump a stage's version when its output changes meaning; older results are then recomputed, not reused. Results that
/// depend on models also store the fingerprint they were computed with (method, model file name and SHA-256, sampling):
/// Dedup, EmbedGpu, Score and Index reuse a stored result only when it matches the current one (see
/// StageConsumer.HasResultAsync), so replacing a model file recomputes and an unchanged model does not.
/// </summary>
public static class StageVersions
{
    public const string Segment = "seg-v4";
    public const string Dedup = "dedup-v5"; // v5: the neural encoder judges a shot by its single frames, not their mean
    public const string Embed = "embed-v3";
    public const string Score = "score-v3";
    public const string Index = "index-v2"; // v2: payload carries the shot's tags and scale

    /// <summary>The frame encoder's per-shot vectors (mean, first and last clean frame) shared by Dedup and EmbedGpu.</summary>
    public const string Frames = "frames-v1";

    /// <summary>Per-shot model outputs shared by Dedup and EmbedGpu (whichever runs the models first stores them).</summary>
    public const string Vision = "vision-v2";
}
