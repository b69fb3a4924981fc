using System.Diagnostics;
using MassTransit;
using Matchcut.Contracts;
using Matchcut.Hosting;
using Matchcut.Hosting.Results;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Matchcut.AllInOne;

/// <summary>`matchcut run VIDEO`: lands one file on the embedded pipeline, shows each stage as it finishes, writes the results.</summary>
public static class RunCommand
{
    public static async Task<int> RunAsync(string video, string outFolder, string? title, string store, CancellationToken ct)
    {
        var path = Path.GetFullPath(video);
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Root"] = Path.GetFullPath(store),
            // The in-process index outlives the run, so a later process (or `serve`) still finds these shots.
            ["Vectors:InProcess:SnapshotPath"] = Path.Combine(Path.GetFullPath(store), "..", "vectors.snapshot"),
            // The user named this file: its folder is an allowed source root for this run.
            ["Ingest:AllowedRoots:0"] = Path.GetDirectoryName(path),
        };
        using var host = AllInOneHost.Build(settings);
        await host.StartAsync(ct);
        var tracker = host.Services.GetRequiredService<PipelineTracker>();
        var clock = Stopwatch.StartNew();
        tracker.Progress += m => Console.WriteLine($"[{clock.Elapsed.TotalSeconds,7:F1}s] {Describe(m)}");

        var titleId = title ?? Path.GetFileNameWithoutExtension(path);
        var outcome = tracker.Expect(titleId, path);
        Console.WriteLine($"[{0,7:F1}s] landing {path} as title '{titleId}'");
        await host.Services.GetRequiredService<IBus>().Publish(new AssetLanded(titleId, path), ct);
        var result = await outcome.WaitAsync(ct);
        try
        {
            if (!result.Succeeded)
            {
                Console.Error.WriteLine($"failed at {result.Failed!.Stage}: {result.Failed.Reason}");
                return 2;
            }
            var folder = await host.Services.GetRequiredService<ResultExporter>().ExportAsync(result.AssetId!, outFolder, ct);
            Console.WriteLine($"wrote {Path.Combine(folder, "result.json")}");
            Console.WriteLine($"wrote {Path.Combine(folder, "report.html")}");
            return 0;
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    private static string Describe(object m) => m switch
    {
        AssetIngested e => $"ingest      asset {e.AssetId}{(e.AlreadyProcessed ? " (seen before: reusing results)" : "")}",
        AssetStandardized e => $"standardize {e.Profile}",
        ShotsSegmented e => $"segment     {e.ShotCount} shots",
        ShotsDeduplicated e => $"dedup       {e.KeptCount} kept",
        ShotsEmbedded e => $"embed       {string.Join(", ", e.Flavours)}",
        ShotsScored => "score       pairs ranked",
        ShotsIndexed e => $"index       {e.VectorCount} shots searchable",
        AssetFailed e => $"FAILED      {e.Stage}: {e.Reason}",
        _ => m.GetType().Name,
    };
}
