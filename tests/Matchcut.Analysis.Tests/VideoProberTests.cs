using Matchcut.Media;

namespace Matchcut.Analysis.Tests;

/// <summary>The probe (FFMpegCore's FFProbe underneath) on the shared footage whose metadata is the awkward kind.</summary>
public class VideoProberTests : IClassFixture<ClipMaker>
{
    private readonly ClipMaker _clips;
    private readonly VideoProber _prober = new(new MediaOptions());

    public VideoProberTests(ClipMaker clips) => _clips = clips;

    [Fact]
    public async Task A_display_matrix_rotation_comes_out_clockwise_and_turns_the_display_aspect()
    {
        var p = await _prober.ProbeAsync(TestMedia.File("issue-134-rotate.mp4"));
        Assert.Equal((1280, 544), (p.Width, p.Height));
        Assert.Equal(90, p.Rotation);
        Assert.Equal(544.0 / 1280, p.DisplayAspect, 6);
        Assert.Equal(240, p.FrameCount);
    }

    [Fact]
    public async Task Non_square_pixels_give_the_display_aspect()
    {
        var p = await _prober.ProbeAsync(TestMedia.File("issue-195-aspect-ratio.mp4"));
        Assert.Equal(16.0 / 11, p.SampleAspect, 9);
        Assert.Equal(0, p.Rotation);
        Assert.Equal(16.0 / 9, p.DisplayAspect, 3);
        Assert.Equal(628, p.FrameCount);
    }

    [Fact]
    public async Task Variable_frame_rate_keeps_the_nominal_and_the_average_rate_apart()
    {
        var p = await _prober.ProbeAsync(TestMedia.File("goldeneye-vfr-drop3.mp4"));
        Assert.Equal(24000.0 / 1001, p.FrameRate, 9);
        Assert.Equal(3840000.0 / 239239, p.AverageFrameRate, 9);
        Assert.Equal(9.968292, p.DurationSec, 6); // microseconds, not the milliseconds FFMpegCore's typed Duration keeps
        Assert.Equal(160, p.FrameCount);
    }

    [Fact]
    public async Task A_delayed_start_is_kept()
    {
        var p = await _prober.ProbeAsync(TestMedia.File("delayed_start.mp4"));
        Assert.Equal(1.075, p.StartSec, 6);
        Assert.Equal(0.96, p.DurationSec, 6);
        Assert.Equal(24, p.FrameCount);
        Assert.Null(p.Timecode);
    }

    [Fact]
    public async Task A_start_timecode_is_read()
    {
        var clip = _clips.Make("timecode.mp4", "-f", "lavfi", "-i", "testsrc=size=64x48:rate=25", "-t", "1", "-timecode", "01:00:00:00");
        var p = await _prober.ProbeAsync(clip);
        Assert.Equal("01:00:00:00", p.Timecode);
        Assert.Equal(25, p.FrameCount);
    }

    [Fact]
    public async Task Inputs_that_are_not_videos_are_rejected_with_the_reason()
    {
        var folder = Directory.CreateTempSubdirectory("matchcut-probe-").FullName;
        try
        {
            var empty = Path.Combine(folder, "empty.mp4");
            await File.WriteAllBytesAsync(empty, []);
            var text = Path.Combine(folder, "notes.mp4");
            await File.WriteAllTextAsync(text, "A shopping list, not a video.\n");
            var audio = _clips.Make("tone.m4a", "-f", "lavfi", "-i", "sine=frequency=440", "-t", "1", "-vn");

            Assert.Contains("File not found", (await Reject(Path.Combine(folder, "missing.mp4"))).Message);
            Assert.Contains("empty (0 bytes)", (await Reject(empty)).Message);
            var unreadable = await Reject(text);
            Assert.StartsWith("Not a readable video: ffprobe says", unreadable.Message);
            Assert.Contains("Invalid data found", unreadable.Message);
            Assert.Contains("no video stream", (await Reject(audio)).Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_configured_ffprobe_that_is_not_there_fails_at_construction()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new VideoProber(new MediaOptions { FfprobePath = "/nonexistent/bin/ffprobe" }));
        Assert.Contains("/nonexistent/bin/ffprobe", error.Message);
    }

    private Task<MediaRejectedException> Reject(string path) => Assert.ThrowsAsync<MediaRejectedException>(() => _prober.ProbeAsync(path));
}
