using System.Diagnostics;
using MassTransit;
using Matchcut.AllInOne;
using Matchcut.Contracts;
using Matchcut.Pipeline;
using Matchcut.Encoders.Models;
using Matchcut.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection;

namespace Matchcut.Encoders.Bench;

/// <summary>Runs the embedded pipeline on a clip and splits its wall time into time with an ONNX Run in flight and the rest.</summary>
public static class PipelineShare
{
    public sealed record Result(string Clip, double WallSeconds, double InferenceBusySeconds, double InferenceThreadSeconds,
        IReadOnlyDictionary<string, (long Runs, double Seconds)> PerModel, IReadOnlyDictionary<string, double> StageSeconds);

    public static async Task<Result> RunAsync(string clip, int batch)
    {
        var work = Directory.CreateTempSubdirectory("matchcut-encoders-bench-").FullName;
        try
        {
            using var host = AllInOneHost.Build(new Dictionary<string, string?>
            {
                ["Storage:Root"] = Path.Combine(work, "store"),
                ["Media:ScratchFolder"] = Path.Combine(work, "scratch"),
                ["Ingest:AllowedRoots:0"] = Path.GetDirectoryName(Path.GetFullPath(clip)),
                ["Embedding:BatchSize"] = batch.ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
            await host.StartAsync();
            using var onnx = new OnnxRunListener();
            var clock = Stopwatch.StartNew();
            var outcome = host.Services.GetRequiredService<PipelineTracker>().Expect("bench", clip);
            await host.Services.GetRequiredService<IBus>().Publish(new AssetLanded("bench", clip));
            var result = await outcome.WaitAsync(TimeSpan.FromMinutes(10));
            clock.Stop();
            if (!result.Succeeded) throw new InvalidOperationException($"Pipeline failed: {result.Failed?.Reason}");
            var statuses = await host.Services.GetRequiredService<AssetCatalog>().GetStatusesAsync(result.AssetId!);
            await host.StopAsync();
            var perModel = onnx.PerModel;
            return new Result(Path.GetFileName(clip), clock.Elapsed.TotalSeconds, onnx.BusySeconds, perModel.Values.Sum(v => v.Seconds),
                perModel, statuses.Values.Where(s => s.State == StageState.Completed).ToDictionary(s => s.Stage, s => s.Seconds));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
