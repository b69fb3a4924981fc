using Matchcut.Analysis.Segmentation;
using Matchcut.Media;

namespace Matchcut.Analysis.Tests;

public class TimingAndErrorTests : IClassFixture<ClipMaker>
{
    private readonly ClipMaker _clips;

    public TimingAndErrorTests(ClipMaker clips) => _clips = clips;

    [Fact]
    public async Task Delayed_start_keeps_its_first_pts_and_counts_times_from_it()
    {
        var a = await AnalysisCache.AnalyzeAsync(TestMedia.File("delayed_start.mp4"));
        Assert.Equal(24, a.FrameCount);
        Assert.Equal(1.075, a.FirstPts, 3);
        Assert.Equal(0, a.FrameTimes[0]);
        Assert.Equal(0.04, a.FrameTimes[1], 3);
        Assert.Equal(0.96, a.Shots[^1].EndSec, 3);
    }

    [Fact]
    public async Task A_thirty_frame_video_is_analysed()
    {
        var a = await AnalysisCache.AnalyzeAsync(TestMedia.File("counter.mp4"));
        Assert.Equal(30, a.FrameCount);
        Assert.Equal(0, a.Shots[0].StartFrame);
        Assert.Equal(29, a.Shots[^1].EndFrame);
        Assert.Equal(3.0, a.Shots[^1].EndSec, 3);
    }

    [Fact]
    public async Task Shots_tile_the_video_with_consistent_times()
    {
        var a = await AnalysisCache.AnalyzeAsync(TestMedia.File("testvideo.mp4"));
        for (var i = 0; i < a.Shots.Count; i++)
        {
            var s = a.Shots[i];
            Assert.Equal(i == 0 ? 0 : a.Shots[i - 1].EndFrame + 1, s.StartFrame);
            Assert.Equal(a.FrameTimes[s.StartFrame], s.StartSec);
            Assert.InRange(s.KeyframeFrame, s.StartFrame, s.EndFrame);
            Assert.Equal(1, Math.Sqrt(s.Descriptor.Sum(x => x * x)), 3);
        }
        Assert.Equal(a.FrameCount - 1, a.Shots[^1].EndFrame);
    }

    [Fact]
    public async Task A_truncated_video_is_rejected_with_the_decoder_reason()
    {
        var whole = _clips.Make("faststart.mp4", "-i", TestMedia.File("testvideo.mp4"), "-t", "6", "-vf", "scale=320:180", "-movflags", "+faststart");
        var bytes = await File.ReadAllBytesAsync(whole);
        var truncated = Path.Combine(Path.GetDirectoryName(whole)!, "truncated.mp4");
        await File.WriteAllBytesAsync(truncated, bytes[..(bytes.Length / 2)]);
        var error = await Assert.ThrowsAsync<MediaRejectedException>(() => AnalysisCache.RunAsync(truncated));
        Assert.Contains("corrupt or truncated", error.Message);
    }

    [Fact]
    public async Task Cancelling_the_one_pass_mid_stream_stops_it_promptly_and_leaves_no_encoder_running()
    {
        var path = TestMedia.File("testvideo.mp4");
        var probe = await new VideoProber(AnalysisCache.Media).ProbeAsync(path);
        var folder = Directory.CreateTempSubdirectory("matchcut-cancel-").FullName;
        try
        {
            using var cts = new CancellationTokenSource();
            // Cancelled from the reading thread itself once some frames are in, while ffmpeg is still encoding.
            var progress = new CancelAfter(10, cts);
            var started = DateTime.UtcNow;
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new StandardizeWithAnalysis(AnalysisCache.Media)
                .RunAsync(path, probe, StandardizedProfile.Current, Path.Combine(folder, "std.mp4"), cts.Token, progress));
            Assert.True(progress.Seen is >= 10 and < 200, $"{progress.Seen} frames read before the cancel took effect");
            Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(60));
            // ffmpeg was stopped, not left encoding: no process names the output any more.
            var writers = Directory.GetDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)).Where(d =>
            {
                try { return File.ReadAllText(Path.Combine(d, "cmdline")).Contains(folder, StringComparison.Ordinal); }
                catch (IOException) { return false; }
                catch (UnauthorizedAccessException) { return false; }
            });
            Assert.Empty(writers);
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    private sealed class CancelAfter(int frames, CancellationTokenSource cts) : IProgress<int>
    {
        public int Seen;

        public void Report(int value)
        {
            Seen = value;
            if (value == frames) cts.Cancel();
        }
    }
}
