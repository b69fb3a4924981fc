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
public class StackFixture : IAsyncLifetime
{
    /// <summary>The titles landed, each with its source file.</summary>
    protected virtual IEnumerable<(string Title, string File)> Sources() =>
        [("counter", TestMedia.File("counter.mp4")), ("testvideo", TestMedia.File("testvideo.mp4"))];

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
            ["Ingest:AllowedRoots:1"] = WorkFolder,
            ["Bus:RetryIntervalsMs:0"] = "50",
        });
        await Pipeline.StartAsync();
        foreach (var (title, file) in Sources())
        {
            var outcome = Pipeline.Services.GetRequiredService<PipelineTracker>().Expect(title, file);
            await Pipeline.Services.GetRequiredService<IBus>().Publish(new AssetLanded(title, file));
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

/// <summary>Real footage with a drawtext title card "GET READY" between its shots (TestMedia.WithTitleCard), as title "title-card".</summary>
public sealed class TitleCardStackFixture : StackFixture
{
    public const string Title = "title-card";

    protected override IEnumerable<(string Title, string File)> Sources() =>
        [(Title, TestMedia.WithTitleCard(Path.Combine(WorkFolder, "title-card.mp4"), "GET READY"))];
}

[CollectionDefinition(Name)]
public sealed class StackCollection : ICollectionFixture<StackFixture>
{
    public const string Name = "stack";
}
