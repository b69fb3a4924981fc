using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using System.Numerics.Tensors;
using Matchcut.Encoders.Imaging;
using Matchcut.Encoders.Models;
using Matchcut.Encoders.Motion;
using Matchcut.Encoders.Text;
using Matchcut.Media;

namespace Matchcut.Encoders.Shots;

/// <summary>What one pass over the standardized video produced, per shot index.</summary>
public sealed record ShotVideoAnalysis(
    IReadOnlyDictionary<int, ShotVision> Vision,
    IReadOnlyDictionary<int, ShotMotion> Motion,
    IReadOnlyDictionary<int, ShotFrameVectors> Frames)
{
    /// <summary>Text on screen read in each text shot's sampled frames (empty when none was asked for).</summary>
    public IReadOnlyDictionary<int, ShotText> Text { get; init; } = new Dictionary<int, ShotText>();

    /// <summary>Seconds spent reading text (summed over the frames, which run concurrently), for the text feature's own cost.</summary>
    public double TextSeconds { get; init; }
}

/// <summary>Text on screen to read in the same pass: the models, the shots and how many frames of each.</summary>
public sealed record TextReading(ScreenTextModels Models, IReadOnlyList<ShotSpan> Shots, int FramesPerShot);

/// <summary>The lines of text read in one sampled frame (boxes in standardized-frame pixels).</summary>
public sealed record FrameText(int Frame, IReadOnlyList<TextLine> Lines);

/// <summary>A shot's text on screen: every sampled frame read, with the lines found in it.</summary>
public sealed record ShotText(int Shot, IReadOnlyList<FrameText> Frames);

/// <summary>
/// A shot's frame-flavour vectors: <see cref="Mean"/> over its sampled frames (the whole shot, for similar-shot search and
/// dedup), <see cref="Head"/> of its first clean frame and <see cref="Tail"/> of its last clean frame (the frames an
/// editor cuts at; <see cref="HeadFrame"/> and <see cref="TailFrame"/> are those standardized frame numbers, the same
/// frames as the shot's first-frame and last-frame pictures). All L2-normalized.
/// </summary>
public sealed record ShotFrameVectors(int Shot, float[] Mean, float[] Head, float[] Tail, int HeadFrame, int TailFrame)
{
    /// <summary>
    /// The single frames behind them, first clean frame to last in time order (the sampled frames and the two ends):
    /// dedup judges a returning shot by several moments of it, not by their average.
    /// </summary>
    public IReadOnlyList<float[]> Frames { get; init; } = [];
}

/// <summary>Describes one RGB frame into a vector of fixed length (the frame encoder, or a classical descriptor); thread-safe.</summary>
public delegate float[] FrameDescriber(RgbFrame frame);

/// <summary>
/// Decodes the standardized video once, at its own size, converting to RGB only the frames it uses, and from that single pass: runs the models on each vision
/// shot's sampled frames and the frame describer on each frame shot's sampled and boundary frames (gathered across
/// shots into batches, each batch's frames run concurrently because the models' batch dimension is fixed at 1;
/// decoding goes on while a batch runs), and feeds each motion shot's frames (every one, or runs of consecutive ones
/// in a long shot, see <see cref="EncodingOptions.MotionMaxFrames"/>), reduced to low-resolution luma, through dense
/// optical flow on a thread of its own (in frame order, while the decode goes on).
/// </summary>
public sealed class ShotVideoAnalyzer(MediaOptions media)
{
    /// <summary>Low-resolution frames waiting for the flow at most (about 1 MB at 160x90).</summary>
    private const int FlowQueue = 64;

    public async Task<ShotVideoAnalysis> AnalyzeAsync(string videoPath, int width, int height, double fps,
        IReadOnlyList<ShotSpan> visionShots, VisionModels? models, IReadOnlyList<ShotSpan> motionShots,
        FrameDescriber? describe, IReadOnlyList<ShotSpan> frameShots, EncodingOptions options, CancellationToken ct,
        IProgress<int>? shotsDone = null, TextReading? text = null)
    {
        if (models is null) visionShots = [];
        var textShots = text?.Shots ?? [];
        if (describe is null) frameShots = [];
        var samples = new HashSet<int>();      // frames the vision models run on
        var described = new HashSet<int>();    // frames the describer runs on
        var read = new HashSet<int>();         // frames the text models read
        foreach (var s in textShots) read.UnionWith(SampleFrames(s, text!.FramesPerShot));
        var keyframes = visionShots.Select(s => s.Keyframe).ToHashSet();
        foreach (var s in visionShots) samples.UnionWith(SampleFrames(s, options.FramesPerShot));
        foreach (var s in frameShots)
        {
            described.UnionWith(SampleFrames(s, options.FrameVectorsPerShot));
            described.Add(s.First);
            described.Add(s.Last);
        }

        var (fw, fh) = FlowSize(width, height, options.FlowPixels);
        var flow = new PyramidalLucasKanade(fw, fh);
        // Long shots' flow reads runs of consecutive frames spread over the shot (EncodingOptions.MotionMaxFrames).
        var motion = motionShots.OrderBy(s => s.First)
            .Select(s => (Span: s, Runs: options.MotionRuns(s.First, s.Last), Acc: new ShotMotionAccumulator(flow, fps))).ToList();
        var last = new[] { samples, described, read, motion.Select(m => m.Span.Last) }.SelectMany(k => k).DefaultIfEmpty(-1).Max();

        var results = new ConcurrentDictionary<int, FrameResult>();
        var vectors = new ConcurrentDictionary<int, float[]>();
        var lines = new ConcurrentDictionary<int, IReadOnlyList<TextLine>>();
        var textTicks = new StrongBox<long>();
        var batchSize = Math.Max(1, options.BatchSize);
        var concurrent = options.ConcurrentRuns > 0 ? options.ConcurrentRuns : Math.Min(batchSize, Environment.ProcessorCount);
        var pending = new List<(int Frame, RgbFrame Rgb)>(batchSize);
        var inflight = Task.CompletedTask;
        var grid = PersonMask.GridFor(width, height);
        var firstMotion = 0;
        void Launch(List<(int, RgbFrame)> batch) =>
            RunBatch(models, samples, describe, described, text?.Models, read, batch, keyframes, grid, concurrent, results, vectors, lines, textTicks, ct);
        // Each shot is done once the decode has passed its last frame.
        var shotEnds = visionShots.Concat(motionShots).Concat(frameShots).Concat(textShots).GroupBy(s => s.Shot).Select(g => g.Max(s => s.Last)).Order().ToList();
        var shotCount = shotEnds.Count;
        var ends = new Queue<int>(shotEnds);

        if (last >= 0)
        {
            // Only the frames some part uses are converted to RGB and piped: the sampled and boundary frames, and every
            // frame of each motion shot (consecutive, as the flow needs them). The rest are decoded and dropped in ffmpeg.
            var selection = FrameSelection.Of(samples.Concat(described).Concat(read).Select(f => (f, f)).Concat(motion.SelectMany(m => m.Runs)));
            await using var reader = RawFrameReader.Open(media, videoPath, width, height, RawPixelFormat.Rgb24, select: selection);
            // The flow runs on a thread of its own, in frame order, while the decode goes on.
            var flowFrames = Channel.CreateBounded<(ShotMotionAccumulator Acc, GreyFrame Grey, bool RunStart)>(
                new BoundedChannelOptions(FlowQueue) { SingleReader = true, SingleWriter = true });
            var flowing = Task.Run(async () =>
            {
                try
                {
                    await foreach (var (acc, grey, runStart) in flowFrames.Reader.ReadAllAsync(ct))
                    {
                        if (runStart) acc.Break();
                        acc.Add(grey);
                    }
                }
                catch (Exception e)
                {
                    flowFrames.Writer.TryComplete(e); // a decode waiting to hand it a frame stops too
                    throw;
                }
            }, ct);
            var buffer = new byte[reader.FrameBytes];
            using var wanted = selection.Frames().GetEnumerator();
            try
            {
                while (wanted.MoveNext() && await reader.ReadFrameAsync(buffer, ct))
                {
                    var k = wanted.Current;
                    var frame = new RgbFrame(buffer, width, height);
                    if (samples.Contains(k) || described.Contains(k) || read.Contains(k))
                    {
                        pending.Add((k, new RgbFrame((byte[])buffer.Clone(), width, height)));
                        if (pending.Count == batchSize)
                        {
                            await inflight;
                            var batch = pending;
                            pending = new List<(int, RgbFrame)>(batchSize);
                            inflight = Task.Run(() => Launch(batch), ct);
                        }
                    }
                    while (ends.Count > 0 && ends.Peek() < k) { ends.Dequeue(); shotsDone?.Report(shotCount - ends.Count); }
                    while (firstMotion < motion.Count && motion[firstMotion].Span.Last < k) firstMotion++;
                    GreyFrame? grey = null;
                    for (var m = firstMotion; m < motion.Count && motion[m].Span.First <= k; m++)
                    {
                        if (k > motion[m].Span.Last || RunOf(motion[m].Runs, k) is not { } run) continue;
                        grey ??= ImageOps.Luma(frame, fw, fh);
                        await flowFrames.Writer.WriteAsync((motion[m].Acc, grey, k == run.First), ct);
                    }
                }
            }
            catch (ChannelClosedException)
            {
                // Only the flow closes the channel early, when it failed: its own error is the one to tell.
                await flowing;
                throw;
            }
            finally
            {
                flowFrames.Writer.TryComplete();
            }
            await inflight;
            if (pending.Count > 0) Launch(pending);
            await flowing;
        }

        shotsDone?.Report(shotCount);
        var vision = new Dictionary<int, ShotVision>();
        foreach (var s in visionShots)
        {
            var frames = SampleFrames(s, options.FramesPerShot).Where(results.ContainsKey).Select(k => (k, r: results[k])).ToList();
            if (frames.Count == 0) throw new InvalidDataException($"No frame of shot {s.Shot} was decoded from the standardized video.");
            vision[s.Shot] = new ShotVision(s.Shot, width, height,
                frames.Select(f => new FrameFindings(f.k, f.r.Objects, f.r.Faces)).ToList(),
                results.TryGetValue(s.Keyframe, out var key) ? key.Mask : null);
        }
        var frameVectors = new Dictionary<int, ShotFrameVectors>();
        foreach (var s in frameShots)
        {
            var sampledFrames = SampleFrames(s, options.FrameVectorsPerShot).Where(vectors.ContainsKey).ToList();
            var sampled = sampledFrames.Select(k => vectors[k]).ToList();
            if (sampled.Count == 0 || !vectors.TryGetValue(s.First, out var head) || !vectors.TryGetValue(s.Last, out var tail))
                throw new InvalidDataException($"Frames of shot {s.Shot} ({s.First}-{s.Last}) were not all decoded from the standardized video.");
            frameVectors[s.Shot] = new ShotFrameVectors(s.Shot, Normalized(Mean(sampled)), head, tail, s.First, s.Last)
            {
                Frames = DescribedFrames(s, options.FrameVectorsPerShot).Where(vectors.ContainsKey).Select(k => vectors[k]).ToList(),
            };
        }
        var shotText = new Dictionary<int, ShotText>();
        foreach (var s in textShots)
        {
            var sampled = SampleFrames(s, text!.FramesPerShot);
            if (sampled.Any(k => !lines.ContainsKey(k)))
                throw new InvalidDataException($"Frames of shot {s.Shot} ({s.First}-{s.Last}) were not all decoded for text from the standardized video.");
            shotText[s.Shot] = new ShotText(s.Shot, sampled.Select(k => new FrameText(k, lines[k])).ToList());
        }
        return new ShotVideoAnalysis(vision, motion.ToDictionary(m => m.Span.Shot, m => m.Acc.Result()), frameVectors) { Text = shotText, TextSeconds = (double)textTicks.Value / Stopwatch.Frequency };
    }

    private static (int First, int Last)? RunOf(IReadOnlyList<(int First, int Last)> runs, int frame)
    {
        foreach (var r in runs)
            if (frame >= r.First && frame <= r.Last) return r;
        return null;
    }

    /// <summary>The frames behind <see cref="ShotFrameVectors.Frames"/>, in its order: the sampled ones and both ends.</summary>
    public static IReadOnlyList<int> DescribedFrames(ShotSpan span, int n) =>
        SampleFrames(span, n).Append(span.First).Append(span.Last).Distinct().Order().ToList();

    /// <summary>N frames spread evenly inside [first, last], each at the centre of its slice; the one nearest the keyframe is the keyframe.</summary>
    public static IReadOnlyList<int> SampleFrames(ShotSpan span, int n)
    {
        var length = span.Last - span.First + 1;
        var count = Math.Max(1, Math.Min(n, length));
        var frames = Enumerable.Range(0, count).Select(j => span.First + (int)((j + 0.5) * length / count)).ToList();
        if (span.Keyframe >= span.First && span.Keyframe <= span.Last && !frames.Contains(span.Keyframe))
        {
            var nearest = frames.MinBy(f => Math.Abs(f - span.Keyframe));
            frames[frames.IndexOf(nearest)] = span.Keyframe;
        }
        return frames.Distinct().Order().ToList();
    }

    /// <summary>Flow resolution: about <paramref name="pixels"/> pixels in the frame's aspect (160x90 at 16:9).</summary>
    public static (int Width, int Height) FlowSize(int width, int height, int pixels)
    {
        var w = Math.Max(16, (int)Math.Round(Math.Sqrt(pixels * (double)width / height)));
        var h = Math.Max(16, (int)Math.Round((double)pixels / w));
        return (w, h);
    }

    private static void RunBatch(VisionModels? models, HashSet<int> samples, FrameDescriber? describe, HashSet<int> described,
        ScreenTextModels? text, HashSet<int> read, List<(int Frame, RgbFrame Rgb)> batch, HashSet<int> keyframes, (int, int) grid, int concurrent,
        ConcurrentDictionary<int, FrameResult> results, ConcurrentDictionary<int, float[]> vectors,
        ConcurrentDictionary<int, IReadOnlyList<TextLine>> lines, StrongBox<long> textTicks, CancellationToken ct)
    {
        Parallel.ForEach(batch, new ParallelOptions { MaxDegreeOfParallelism = concurrent, CancellationToken = ct }, item =>
        {
            if (describe is not null && described.Contains(item.Frame)) vectors[item.Frame] = describe(item.Rgb);
            if (text is not null && read.Contains(item.Frame))
            {
                var start = Stopwatch.GetTimestamp();
                lines[item.Frame] = text.Read(item.Rgb);
                Interlocked.Add(ref textTicks.Value, Stopwatch.GetTimestamp() - start);
            }
            if (models is null || !samples.Contains(item.Frame)) return;
            // The segmenter gives the person mask, which only the keyframe's is kept of.
            var mask = keyframes.Contains(item.Frame) ? models.Segmenter.Run(item.Rgb, grid).Mask : null;
            var (objects, _) = models.Detector.Run(item.Rgb);
            var faces = models.Faces.Run(item.Rgb);
            results[item.Frame] = new FrameResult(objects, faces, mask);
        });
    }

    private static float[] Mean(IEnumerable<float[]> vectors)
    {
        float[]? sum = null;
        var n = 0;
        foreach (var v in vectors)
        {
            sum ??= new float[v.Length];
            TensorPrimitives.Add(sum, v, sum);
            n++;
        }
        if (sum is null) return [];
        TensorPrimitives.Divide(sum, n, sum);
        return sum;
    }

    private static float[] Normalized(float[] v)
    {
        var norm = TensorPrimitives.Norm(v);
        if (norm > 0) TensorPrimitives.Divide(v, norm, v);
        return v;
    }

    private sealed record FrameResult(IReadOnlyList<Detection> Objects, IReadOnlyList<FaceBox> Faces, PersonMask? Mask);
}
