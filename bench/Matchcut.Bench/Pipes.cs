using System.Diagnostics;
using FFMpegCore;
using FFMpegCore.Pipes;
using Matchcut.Media;

namespace Matchcut.Bench;

/// <summary>
/// Our <see cref="RawFrameReader"/> against FFMpegCore's <see cref="StreamPipeSink"/> reading the same clip through the
/// same filters (scale, setsar, showinfo for the timestamps a reader needs) into the same small gray frames.
/// Alternating repetitions in one run; the figure is the median of FFMpegCore's wall time over ours.
/// </summary>
public static class Pipes
{
    public static async Task<(double Ratio, double OursSec, double SinkSec, int Frames)> RunAsync(MediaOptions options, string clip, int width, int repetitions)
    {
        var probe = await new VideoProber(options).ProbeAsync(clip);
        var (w, h) = probe.SizeForWidth(width);
        var ours = new List<double>();
        var sink = new List<double>();
        var frames = -1;
        await OursAsync(options, clip, w, h); // warm the file cache and the JIT for both paths
        await SinkAsync(options, clip, w, h);
        for (var i = 0; i < repetitions; i++)
        {
            var (a, na) = await OursAsync(options, clip, w, h);
            var (b, nb) = await SinkAsync(options, clip, w, h);
            if (na != nb) throw new InvalidOperationException($"The two pipes read different frame counts: {na} vs {nb}.");
            frames = na;
            ours.Add(a);
            sink.Add(b);
        }
        var ratios = ours.Zip(sink, (a, b) => b / a).Order().ToList();
        return (ratios[ratios.Count / 2], Tools.Median(ours), Tools.Median(sink), frames);
    }

    private static async Task<(double Seconds, int Frames)> OursAsync(MediaOptions options, string clip, int w, int h)
    {
        var watch = Stopwatch.StartNew();
        await using var reader = RawFrameReader.Open(options, clip, w, h, RawPixelFormat.Gray);
        var frame = new byte[reader.FrameBytes];
        var n = 0;
        while (await reader.ReadFrameAsync(frame)) n++;
        await reader.CompleteAsync();
        if (reader.Timestamps.Count != n) throw new InvalidOperationException($"RawFrameReader: {reader.Timestamps.Count} timestamps for {n} frames.");
        return (watch.Elapsed.TotalSeconds, n);
    }

    private static async Task<(double Seconds, int Frames)> SinkAsync(MediaOptions options, string clip, int w, int h)
    {
        var watch = Stopwatch.StartNew();
        var frameBytes = w * h;
        var n = 0;
        var timestamps = 0;
        var pipe = new StreamPipeSink(async (stream, ct) =>
        {
            var frame = new byte[frameBytes];
            while (true)
            {
                var read = 0;
                while (read < frameBytes)
                {
                    var got = await stream.ReadAsync(frame.AsMemory(read, frameBytes - read), ct);
                    if (got == 0) break;
                    read += got;
                }
                if (read < frameBytes) break;
                n++;
            }
        });
        var threads = options.Threads > 0 ? $"-threads {options.Threads} " : "";
        await FFMpegArguments
            .FromFileInput(clip, true, o => o.WithCustomArgument($"-nostdin -hide_banner -nostats -loglevel info -copyts {threads}".TrimEnd()))
            .OutputToPipe(pipe, o => o
                .WithCustomArgument($"-an -sn -dn -vf scale={w}:{h}:flags=area,setsar=1,showinfo=checksum=0 -fps_mode passthrough -pix_fmt gray")
                .ForceFormat("rawvideo"))
            .NotifyOnStandardError(line => { if (line.StartsWith("[Parsed_showinfo", StringComparison.Ordinal) && line.Contains(" pts_time:")) Interlocked.Increment(ref timestamps); })
            .ProcessAsynchronously(true, new FFOptions { BinaryFolder = Path.GetDirectoryName(options.FfmpegPath) ?? "" });
        if (timestamps != n) throw new InvalidOperationException($"FFMpegCore sink: {timestamps} timestamps for {n} frames.");
        return (watch.Elapsed.TotalSeconds, n);
    }
}
