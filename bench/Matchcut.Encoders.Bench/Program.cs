using System.Globalization;
using System.Text;
using Matchcut.Encoders.Bench;

// dotnet run -c Release --project bench/Matchcut.Encoders.Bench -- [--frames 24] [--clip path] [--out RESULTS.md]
var options = args.Select((a, i) => (a, i)).Where(p => p.a.StartsWith("--", StringComparison.Ordinal))
    .ToDictionary(p => p.a[2..], p => p.i + 1 < args.Length ? args[p.i + 1] : "");
var media = FindMedia();
var clip = options.GetValueOrDefault("clip") ?? Path.Combine(media, "issue-195-aspect-ratio.mp4");
var frames = int.Parse(options.GetValueOrDefault("frames") ?? "24", CultureInfo.InvariantCulture);
var output = options.GetValueOrDefault("out");

Console.WriteLine($"Model throughput on {frames} frames of {Path.GetFileName(clip)} at 640x360, {Environment.ProcessorCount} cores");
var rows = await ModelThroughput.RunAsync(clip, frames, [1, 8]);
Console.WriteLine($"Embedded pipeline on {Path.GetFileName(clip)}");
var share = await PipelineShare.RunAsync(clip, batch: 8);

var md = new StringBuilder();
md.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, CPU execution provider, load average at start {LoadAverage()}.");
md.AppendLine();
md.AppendLine("| model | batch | concurrent Runs | intra-op threads | frames | frames/s | ms inside Run per frame |");
md.AppendLine("|---|---|---|---|---|---|---|");
foreach (var r in rows)
    md.AppendLine(CultureInfo.InvariantCulture, $"| {r.Model} | {r.Batch} | {r.Concurrent} | {r.IntraOpThreads} | {r.Frames} | {r.FramesPerSecond:F1} | {r.MsPerFrameInRun:F1} |");
md.AppendLine();
md.AppendLine(CultureInfo.InvariantCulture, $"Pipeline on {share.Clip} (batch 8): wall {share.WallSeconds:F1} s; an ONNX Run in flight {share.InferenceBusySeconds:F1} s " +
    $"(**{100 * share.InferenceBusySeconds / share.WallSeconds:F0}%** of the wall time); Run time summed over threads {share.InferenceThreadSeconds:F1} s.");
md.AppendLine();
md.AppendLine("| model | runs | seconds inside Run |");
md.AppendLine("|---|---|---|");
foreach (var (model, (runs, seconds)) in share.PerModel.OrderBy(p => p.Key)) md.AppendLine(CultureInfo.InvariantCulture, $"| {model} | {runs} | {seconds:F2} |");
md.AppendLine();
md.AppendLine("| stage | seconds |");
md.AppendLine("|---|---|");
foreach (var (stage, seconds) in share.StageSeconds.OrderBy(p => p.Key)) md.AppendLine(CultureInfo.InvariantCulture, $"| {stage} | {seconds:F2} |");
Console.WriteLine(md);
if (!string.IsNullOrEmpty(output)) await File.WriteAllTextAsync(output, md.ToString());

static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

static string FindMedia()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        var candidate = Path.Combine(dir.FullName, "shared", "media");
        if (File.Exists(Path.Combine(candidate, "TRUTH.md"))) return candidate;
    }
    throw new DirectoryNotFoundException("No shared/media above the binary; pass --clip.");
}
