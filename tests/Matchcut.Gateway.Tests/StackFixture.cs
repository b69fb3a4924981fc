using Matchcut.AllInOne;
using Matchcut.Pipeline;
using Matchcut.ServiceDefaults;
using Matchcut.Vectors;
using MassTransit;
using Matchcut.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Matchcut.Gateway.Tests;

/// <summary>Real pipeline output (counter.mp4 and testvideo.mp4 through the embedded pipeline into a temp store), shared by a test class.</summary>
public sealed class StackFixture : IAsyncLifetime
{
    public string WorkFolder { get; } = Directory.CreateTempSubdirectory("matchcut-gateway-").FullName;

    public string StoreRoot => Path.Combine(WorkFolder, "store");

    public IHost Pipeline { get; private set; } = null!;

    public IVectorIndex VectorIndex => Pipeline.Services.GetRequiredService<IVectorIndex>();

    public async Task InitializeAsync()
    {
        Pipeline = AllInOneHost.Build(new Dictionary<string, string?>
        {
            ["Storage:Root"] = StoreRoot,
            ["Media:ScratchFolder"] = Path.Combine(WorkFolder, "scratch"),
            ["Ingest:AllowedRoots:0"] = TestMedia.Folder,
            ["Bus:RetryIntervalsMs:0"] = "50",
        });
        await Pipeline.StartAsync();
        foreach (var (title, file) in new[] { ("counter", "counter.mp4"), ("testvideo", "testvideo.mp4") })
        {
            var outcome = Pipeline.Services.GetRequiredService<PipelineTracker>().Expect(title, TestMedia.File(file));
            await Pipeline.Services.GetRequiredService<IBus>().Publish(new AssetLanded(title, TestMedia.File(file)));
            var result = await outcome.WaitAsync(TimeSpan.FromMinutes(4));
            if (!result.Succeeded) throw new InvalidOperationException($"{file} failed at {result.Failed!.Stage}: {result.Failed.Reason}");
        }
    }

    public async Task DisposeAsync()
    {
        await Pipeline.StopAsync();
        Pipeline.Dispose();
        try { Directory.Delete(WorkFolder, recursive: true); } catch (IOException) { /* a server may still hold a file */ }
    }
}

[CollectionDefinition(Name)]
public sealed class StackCollection : ICollectionFixture<StackFixture>
{
    public const string Name = "stack";
}
