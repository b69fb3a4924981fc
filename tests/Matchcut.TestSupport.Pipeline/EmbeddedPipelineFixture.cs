using MassTransit;
using Matchcut.AllInOne;
using Matchcut.Contracts;
using Matchcut.Pipeline;
using Matchcut.ServiceDefaults;
using Matchcut.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace Matchcut.TestSupport;

/// <summary>
/// One embedded pipeline (in-memory bus, filesystem store in a temp folder) shared by the tests of a collection;
/// sources may come from the shared media or from <see cref="Input"/>. Subclasses add settings.
/// </summary>
public abstract class EmbeddedPipelineFixture(string name) : IAsyncLifetime
{
    public string WorkFolder { get; } = Directory.CreateTempSubdirectory($"matchcut-{name}-").FullName;

    public IHost Host { get; private set; } = null!;

    public T Get<T>() where T : notnull => Host.Services.GetRequiredService<T>();

    /// <summary>Settings on top of the temp store, scratch folder and allowed input roots.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings() => [];

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Root"] = Path.Combine(WorkFolder, "store"),
            ["Media:ScratchFolder"] = Path.Combine(WorkFolder, "scratch"),
            ["Ingest:AllowedRoots:0"] = TestMedia.Folder,
            ["Ingest:AllowedRoots:1"] = Path.Combine(WorkFolder, "inputs"),
        };
        foreach (var (key, value) in Settings()) settings[key] = value;
        Host = AllInOneHost.Build(settings);
        Directory.CreateDirectory(Path.Combine(WorkFolder, "inputs"));
        await Host.StartAsync();
    }

    /// <summary>A path under an allowed root where a test may write its own inputs.</summary>
    public string Input(string name) => Path.Combine(WorkFolder, "inputs", name);

    /// <summary>Lands a source and waits for it to be indexed or to fail.</summary>
    public async Task<PipelineOutcome> LandAsync(string titleId, string sourceUri, TimeSpan? timeout = null)
    {
        var outcome = Get<PipelineTracker>().Expect(titleId, sourceUri);
        await Get<IBus>().Publish(new AssetLanded(titleId, sourceUri));
        return await outcome.WaitAsync(timeout ?? TimeSpan.FromMinutes(3));
    }

    public async Task<T> ReadAsync<T>(string key) => await Get<IObjectStore>().GetJsonAsync<T>(key);

    public async Task DisposeAsync()
    {
        await Host.StopAsync();
        Host.Dispose();
        Directory.Delete(WorkFolder, recursive: true);
    }
}
