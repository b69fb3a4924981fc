using MassTransit;
using Matchcut.AllInOne;
using Matchcut.Contracts;
using Matchcut.Hosting;
using Matchcut.Hosting.Results;
using Matchcut.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Matchcut.Encoders.Tests;

/// <summary>The embedded pipeline with the real models, in a temp store; each source runs once and is shared by the tests.</summary>
public sealed class EncodedPipelineFixture : IAsyncLifetime
{
    private readonly Dictionary<string, Task<string>> _assets = new();

    public string WorkFolder { get; } = Directory.CreateTempSubdirectory("matchcut-encoders-").FullName;

    public IHost Host { get; private set; } = null!;

    public T Get<T>() where T : notnull => Host.Services.GetRequiredService<T>();

    public async Task InitializeAsync()
    {
        Host = AllInOneHost.Build(new Dictionary<string, string?>
        {
            ["Storage:Root"] = Path.Combine(WorkFolder, "store"),
            ["Media:ScratchFolder"] = Path.Combine(WorkFolder, "scratch"),
            ["Ingest:AllowedRoots:0"] = TestMedia.Folder,
            ["Ingest:AllowedRoots:1"] = Path.Combine(WorkFolder, "inputs"),
        });
        Directory.CreateDirectory(Path.Combine(WorkFolder, "inputs"));
        await Host.StartAsync();
    }

    public string Input(string name) => Path.Combine(WorkFolder, "inputs", name);

    /// <summary>The asset id of <paramref name="source"/> after the whole pipeline ran on it (once per fixture).</summary>
    public Task<string> AssetAsync(string source)
    {
        lock (_assets)
        {
            if (!_assets.TryGetValue(source, out var task)) _assets[source] = task = LandAsync(source);
            return task;
        }
    }

    public async Task<AssetResult> ResultAsync(string source) => await Get<AssetResultBuilder>().BuildAsync(await AssetAsync(source));

    public async Task<T> ReadAsync<T>(string key) => await Get<IObjectStore>().GetJsonAsync<T>(key);

    private async Task<string> LandAsync(string source)
    {
        var title = $"enc-{Path.GetFileNameWithoutExtension(source)}";
        var outcome = Get<PipelineTracker>().Expect(title, source);
        await Get<IBus>().Publish(new AssetLanded(title, source));
        var result = await outcome.WaitAsync(TimeSpan.FromMinutes(3));
        Assert.True(result.Succeeded, result.Failed?.Reason);
        return result.AssetId!;
    }

    public async Task DisposeAsync()
    {
        await Host.StopAsync();
        Host.Dispose();
        Directory.Delete(WorkFolder, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class EncodedPipelineCollection : ICollectionFixture<EncodedPipelineFixture>
{
    public const string Name = "encoded-pipeline";
}
