using Matchcut.Contracts;
using Matchcut.Dedup;
using Matchcut.EmbedGpu;
using Matchcut.Index;
using Matchcut.Ingest;
using Matchcut.Pipeline;
using Matchcut.Score;
using Matchcut.ShotSegment;
using Matchcut.StandardizedEncode;
using Matchcut.Storage;

namespace Matchcut.Stages.Tests;

/// <summary>
/// Runs the stages one at a time on real footage, each on its own harness over one store. Before a stage runs, every
/// feature its message names is moved away from where its stage stored it (to "assets/{id}/elsewhere/…": still under
/// the asset's own prefix, as every manifest key must be) and the message names the new place: a stage that composed
/// another stage's key instead of reading its message would find nothing.
/// Each stage runs once; its test asserts on the event it published.
/// </summary>
public sealed class StageChainFixture : IAsyncLifetime
{
    public const string Source = "sintel_5s.mp4";
    public const string Title = "stage-chain";
    public const string Elsewhere = "elsewhere/";

    /// <summary>Whether the key was moved already.</summary>
    public static bool IsAway(string key) => key.Split('/') is ["assets", _, "elsewhere", ..];

    /// <summary>The key moved away inside its asset's prefix: assets/{id}/x -> assets/{id}/elsewhere/x.</summary>
    public static string Away(string key)
    {
        var parts = key.Split('/', 3);
        if (parts is not ["assets", _, _]) throw new ArgumentException($"'{key}' is not under an asset's prefix", nameof(key));
        return $"assets/{parts[1]}/{Elsewhere}{parts[2]}";
    }

    private readonly Dictionary<string, Task<object>> _events = new();

    public string Work { get; } = Directory.CreateTempSubdirectory("matchcut-stages-").FullName;

    public IObjectStore Store { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Store = new FileSystemObjectStore(Path.Combine(Work, "store"));
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Work, recursive: true);
        return Task.CompletedTask;
    }

    public Task<AssetIngested> IngestedAsync() => Once(PipelineStages.Ingest, async () =>
    {
        await using var h = await StageHarness.StartAsync(Work, b => b.AddIngestStage(), x => x.AddIngestConsumers());
        return await h.RunAsync<AssetLanded, AssetIngested>(new AssetLanded(Title, TestMedia.File(Source)));
    });

    public Task<AssetStandardized> StandardizedAsync() => Once(PipelineStages.StandardizedEncode, async () =>
    {
        var input = await IngestedAsync();
        await using var h = await StageHarness.StartAsync(Work, b => b.AddStandardizedEncodeStage(), x => x.AddStandardizedEncodeConsumers());
        return await h.RunAsync<AssetIngested, AssetStandardized>(input with { Features = await RelocateAsync(input.Features) });
    });

    public Task<ShotsSegmented> SegmentedAsync() => Once(PipelineStages.ShotSegment, async () =>
    {
        var input = await StandardizedAsync();
        await using var h = await StageHarness.StartAsync(Work, b => b.AddShotSegmentStage(), x => x.AddShotSegmentConsumers());
        return await h.RunAsync<AssetStandardized, ShotsSegmented>(input with { Features = await RelocateAsync(input.Features) });
    });

    public Task<ShotsDeduplicated> DeduplicatedAsync() => Once(PipelineStages.Dedup, async () =>
    {
        var input = await SegmentedAsync();
        await using var h = await StageHarness.StartAsync(Work, b => b.AddDedupStage(), x => x.AddDedupConsumers());
        return await h.RunAsync<ShotsSegmented, ShotsDeduplicated>(input with { Features = await RelocateAsync(input.Features) });
    });

    public Task<ShotsEmbedded> EmbeddedAsync() => Once(PipelineStages.EmbedGpu, async () =>
    {
        var input = await DeduplicatedAsync();
        await using var h = await StageHarness.StartAsync(Work, b => b.AddEmbedStage(), x => x.AddEmbedConsumers());
        return await h.RunAsync<ShotsDeduplicated, ShotsEmbedded>(input with { Features = await RelocateAsync(input.Features) });
    });

    public Task<ShotsScored> ScoredAsync() => Once(PipelineStages.Score, async () =>
    {
        var input = await EmbeddedAsync();
        await using var h = await StageHarness.StartAsync(Work, b => b.AddScoreStage(), x => x.AddScoreConsumers());
        return await h.RunAsync<ShotsEmbedded, ShotsScored>(input with { Features = await RelocateAsync(input.Features) });
    });

    public Task<ShotsIndexed> IndexedAsync() => Once(PipelineStages.Index, async () =>
    {
        var input = await ScoredAsync();
        await using var h = await StageHarness.StartAsync(Work, b => b.AddIndexStage(), x => x.AddIndexConsumers());
        return await h.RunAsync<ShotsScored, ShotsIndexed>(input with { Features = await RelocateAsync(input.Features) });
    });

    /// <summary>Moves each named feature not yet moved to "assets/{id}/elsewhere/…" and returns the manifest naming the new places.</summary>
    public async Task<FeatureManifest> RelocateAsync(FeatureManifest features)
    {
        foreach (var name in features.Names.ToList())
        {
            var f = features.Require(name);
            if (IsAway(f.Key)) continue;
            await Store.MoveAsync(f.Key, Away(f.Key));
            features = features.With(name, f with { Key = Away(f.Key) });
        }
        return features;
    }

    /// <summary>The manifest as the next stage's message names it (every feature under "assets/{id}/elsewhere/…").</summary>
    public static FeatureManifest Moved(FeatureManifest features) => features.Names.Aggregate(features, (m, name) =>
        IsAway(m.Require(name).Key) ? m : m.With(name, m.Require(name) with { Key = Away(m.Require(name).Key) }));

    /// <summary>Where a feature is now: where its event named it, or under "assets/{id}/elsewhere/…" once a later stage's message was prepared.</summary>
    public async Task<string> WhereAsync(FeatureRef feature) =>
        await Store.ExistsAsync(feature.Key) || IsAway(feature.Key) ? feature.Key : Away(feature.Key);

    public async Task<T> ReadAsync<T>(FeatureRef feature) => await Store.GetJsonAsync<T>(await WhereAsync(feature));

    private async Task<T> Once<T>(string stage, Func<Task<T>> run) where T : class
    {
        Task<object> task;
        lock (_events)
        {
            if (!_events.TryGetValue(stage, out task!)) _events[stage] = task = RunBoxed(run);
        }
        return (T)await task;
    }

    private static async Task<object> RunBoxed<T>(Func<Task<T>> run) where T : class => await run();
}

[CollectionDefinition(Name)]
public sealed class StageChainCollection : ICollectionFixture<StageChainFixture>
{
    public const string Name = "stage-chain";
}
