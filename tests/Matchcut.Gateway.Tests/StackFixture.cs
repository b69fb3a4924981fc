using Matchcut.AllInOne;
using Matchcut.Hosting;
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

/// <summary>Finds shared/media above the test binaries (or MATCHCUT_MEDIA).</summary>
public static class TestMedia
{
    public static string Folder { get; } = Find();

    public static string File(string name) => Path.Combine(Folder, name);

    private static string Find()
    {
        if (Environment.GetEnvironmentVariable("MATCHCUT_MEDIA") is { Length: > 0 } env) return env;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "media");
            if (System.IO.File.Exists(Path.Combine(candidate, "TRUTH.md"))) return candidate;
        }
        throw new DirectoryNotFoundException("No shared/media folder above the test binaries; set MATCHCUT_MEDIA.");
    }
}

[CollectionDefinition(Name)]
public sealed class StackCollection : ICollectionFixture<StackFixture>
{
    public const string Name = "stack";
}
