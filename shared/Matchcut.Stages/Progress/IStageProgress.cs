namespace Matchcut.Stages;

/// <summary>Where stages say how far along they are (frames or shots done of a total), for whoever shows it.</summary>
public interface IStageProgress
{
    void Report(StageProgressUpdate update);
}

/// <summary>Done of Total units ("frames", "shots") of one stage's work on one asset.</summary>
public sealed record StageProgressUpdate(string AssetId, string Stage, string Unit, long Done, long Total);

/// <summary>The in-process feed: raises <see cref="Reported"/> for each update; with no listener an update costs a null check.</summary>
public sealed class StageProgressFeed : IStageProgress
{
    public event Action<StageProgressUpdate>? Reported;

    public void Report(StageProgressUpdate update) => Reported?.Invoke(update);
}

public static class StageProgressExtensions
{
    /// <summary>A counter of done units against a known total, for code below the stage that only counts.</summary>
    public static IProgress<int> For(this IStageProgress progress, string assetId, string stage, string unit, long total) =>
        new Counter(progress, assetId, stage, unit, total);

    private sealed class Counter(IStageProgress progress, string assetId, string stage, string unit, long total) : IProgress<int>
    {
        public void Report(int done) => progress.Report(new StageProgressUpdate(assetId, stage, unit, Math.Min(done, total), total));
    }
}
