using System.Diagnostics;
using Matchcut.Encoders.Imaging;
using Matchcut.Encoders.Models;
using Matchcut.Media;
using Matchcut.Onnx;

namespace Matchcut.Encoders.Bench;

/// <summary>
/// Frames per second of each model (preprocessing, Run and decoding of its output, as the pipeline calls it) over
/// real frames. Batch 1: one Run at a time, the session using every core. Batch B: B frames in flight at once (the
/// models' batch dimension is fixed at 1, so a batch is B concurrent Run calls), cores split between them.
/// </summary>
public static class ModelThroughput
{
    public sealed record Row(string Model, int Batch, int Concurrent, int IntraOpThreads, int Frames, double FramesPerSecond, double MsPerFrameInRun);

    public static async Task<IReadOnlyList<Row>> RunAsync(string clip, int frames, int[] batches)
    {
        var samples = await DecodeAsync(clip, frames);
        var rows = new List<Row>();
        foreach (var batch in batches)
        {
            var concurrent = Math.Min(batch, Environment.ProcessorCount);
            var threads = Math.Max(1, Environment.ProcessorCount / concurrent);
            using var models = VisionModels.Open(new ModelLocator(), new OnnxOptions { IntraOpThreads = threads }, new ModelFilesOptions(), concurrent);
            var runs = new (string Name, string File, Action<RgbFrame> Run)[]
            {
                ("DeepLabV3 gap160 (257x257)", models.Segmenter.Session.ModelName, f => models.Segmenter.Run(f, (32, 18))),
                ("YOLOX-nano dark5 (416x416)", models.Detector.Session.ModelName, f => models.Detector.Run(f)),
                ("YuNet (160x120)", models.Faces.Session.ModelName, f => models.Faces.Run(f)),
            };
            foreach (var (name, file, run) in runs)
            {
                foreach (var f in samples.Take(2)) run(f);   // warm-up: first runs allocate ORT's arenas
                using var onnx = new OnnxRunListener();
                var clock = Stopwatch.StartNew();
                foreach (var chunk in samples.Chunk(batch))
                    Parallel.ForEach(chunk, new ParallelOptions { MaxDegreeOfParallelism = concurrent }, run);
                clock.Stop();
                var inRun = onnx.PerModel[file];
                rows.Add(new Row(name, batch, concurrent, threads, samples.Count, samples.Count / clock.Elapsed.TotalSeconds, inRun.Seconds / inRun.Runs * 1000));
                Console.WriteLine($"  {name,-28} batch {batch}: {rows[^1].FramesPerSecond:F1} frames/s");
            }
        }
        return rows;
    }

    private static async Task<List<RgbFrame>> DecodeAsync(string clip, int count)
    {
        var frames = new List<RgbFrame>();
        await using var reader = RawFrameReader.Open(new MediaOptions(), clip, 640, 360, RawPixelFormat.Rgb24);
        var buffer = new byte[reader.FrameBytes];
        for (var k = 0; frames.Count < count && await reader.ReadFrameAsync(buffer); k++)
            if (k % 5 == 0) frames.Add(new RgbFrame((byte[])buffer.Clone(), 640, 360));
        return frames;
    }
}
