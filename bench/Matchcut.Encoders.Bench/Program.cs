using System.Globalization;
using Matchcut.BenchResults;
using Matchcut.Encoders.Bench;

// dotnet run -c Release --project bench/Matchcut.Encoders.Bench -- [--quick] [--frames 24] [--clip path]
// Frames per second of each model at batch 1 and 8 (encoders_models.csv), the embedded pipeline's time inside ONNX Runtime
// (encoders_pipeline.csv), and their figures, all into bench/results through BenchSheet (see bench/report.sh).
var options = args.Select((a, i) => (a, i)).Where(p => p.a.StartsWith("--", StringComparison.Ordinal))
    .ToDictionary(p => p.a[2..], p => p.i + 1 < args.Length && !args[p.i + 1].StartsWith("--", StringComparison.Ordinal) ? args[p.i + 1] : "");
var quick = options.ContainsKey("quick");
var media = FindMedia();
var clip = options.GetValueOrDefault("clip") ?? Path.Combine(media, "issue-195-aspect-ratio.mp4");
var frames = int.Parse(options.GetValueOrDefault("frames") ?? (quick ? "8" : "24"), CultureInfo.InvariantCulture);
var sheet = new BenchSheet("encoders", quick ? "quick" : "full", BenchSheet.DefaultResultsFolder(), partial: false);
var inv = CultureInfo.InvariantCulture;

Console.WriteLine($"Model throughput on {frames} frames of {Path.GetFileName(clip)} at 640x360, {Environment.ProcessorCount} cores, load average {LoadAverage()}");
var rows = await ModelThroughput.RunAsync(clip, frames, [1, 8]);
sheet.Table("encoders_models.csv", ["model,batch,concurrent_runs,intra_op_threads,frames,frames_per_s,ms_in_run_per_frame",
    .. rows.Select(r => string.Create(inv, $"{r.Model},{r.Batch},{r.Concurrent},{r.IntraOpThreads},{r.Frames},{r.FramesPerSecond:F1},{r.MsPerFrameInRun:F1}"))]);
foreach (var model in rows.GroupBy(r => r.Model))
    if (model.FirstOrDefault(r => r.Batch == 1) is { } one && model.FirstOrDefault(r => r.Batch == 8) is { } eight)
        sheet.Figure($"{model.Key.Split(' ')[0]} frames/s batch 8/batch 1", eight.FramesPerSecond / one.FramesPerSecond, "ratio", "", 0,
            string.Create(inv, $"({one.FramesPerSecond:F1} and {eight.FramesPerSecond:F1} frames/s; {frames} frames)"));

Console.WriteLine($"Embedded pipeline on {Path.GetFileName(clip)}");
var share = await PipelineShare.RunAsync(clip, batch: 8);
sheet.Table("encoders_pipeline.csv", ["part,runs,seconds",
    .. share.PerModel.OrderBy(p => p.Key).Select(p => string.Create(inv, $"model {p.Key},{p.Value.Runs},{p.Value.Seconds:F2}")),
    .. share.StageSeconds.OrderBy(p => p.Key).Select(p => string.Create(inv, $"stage {p.Key},,{p.Value:F2}")),
    string.Create(inv, $"pipeline wall,,{share.WallSeconds:F2}"),
    string.Create(inv, $"an ONNX Run in flight,,{share.InferenceBusySeconds:F2}")]);
sheet.Figure($"share of pipeline wall time inside ONNX Runtime ({share.Clip})", share.InferenceBusySeconds / share.WallSeconds, "ratio", "", 0,
    string.Create(inv, $"(wall {share.WallSeconds:F1} s; Run time summed over threads {share.InferenceThreadSeconds:F1} s; batch 8)"));
sheet.Save();
return 0;

static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

static string FindMedia()
{
    if (Environment.GetEnvironmentVariable("MATCHCUT_MEDIA") is { Length: > 0 } env) return env;
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        var candidate = Path.Combine(dir.FullName, "shared", "media");
        if (File.Exists(Path.Combine(candidate, "TRUTH.md"))) return candidate;
    }
    throw new DirectoryNotFoundException("No shared/media above the binary (or MATCHCUT_MEDIA); pass --clip.");
}
