using Matchcut.Encoders.Imaging;
using Matchcut.Encoders.Motion;
using Matchcut.Encoders.Shots;
using Matchcut.Encoders.Tests.Reference;
using Matchcut.Media;

namespace Matchcut.Encoders.Tests;

/// <summary>
/// Dedup and EmbedGpu decode the standardized video keeping only the frames they use (an ffmpeg select before the RGB
/// conversion): those frames must be exactly the full decode's, and what the analyzer makes of them the same as from
/// every frame.
/// </summary>
public sealed class SelectiveDecodeTests
{
    private const int W = 320, H = 180;
    private static readonly MediaOptions Media = new();

    private static async Task<List<byte[]>> DecodeAllAsync(string path, int width, int height)
    {
        var frames = new List<byte[]>();
        await using var reader = RawFrameReader.Open(Media, path, width, height, RawPixelFormat.Rgb24);
        var buffer = new byte[reader.FrameBytes];
        while (await reader.ReadFrameAsync(buffer)) frames.Add((byte[])buffer.Clone());
        await reader.CompleteAsync();
        return frames;
    }

    private static async Task<List<byte[]>> DecodeSelectedAsync(string path, int width, int height, FrameSelection selection)
    {
        var frames = new List<byte[]>();
        await using var reader = RawFrameReader.Open(Media, path, width, height, RawPixelFormat.Rgb24, select: selection);
        var buffer = new byte[reader.FrameBytes];
        while (await reader.ReadFrameAsync(buffer)) frames.Add((byte[])buffer.Clone());
        await reader.CompleteAsync();
        return frames;
    }

    [Fact]
    public async Task Selected_frames_are_byte_for_byte_the_full_decodes_frames_in_order()
    {
        var path = TestMedia.File("bbb_0_30.webm");
        var all = await DecodeAllAsync(path, W, H);
        Assert.True(all.Count > 600, $"{all.Count} frames");
        // Single frames, a run, a run touching a single frame, overlapping runs, the first and the last frame.
        var selection = FrameSelection.Of([(0, 0), (17, 17), (100, 140), (141, 141), (300, 320), (310, 330), (all.Count - 1, all.Count - 1)]);
        var expected = selection.Frames().ToList();
        Assert.Equal(1 + 1 + 42 + 31 + 1, expected.Count);
        var selected = await DecodeSelectedAsync(path, W, H, selection);
        Assert.Equal(expected.Count, selected.Count);
        for (var i = 0; i < expected.Count; i++)
            Assert.True(all[expected[i]].AsSpan().SequenceEqual(selected[i]), $"output {i} differs from decoded frame {expected[i]}");
    }

    [Fact]
    public async Task A_selection_too_long_for_the_command_line_goes_through_a_filter_script_with_the_same_frames()
    {
        var clip = Path.Combine(Path.GetTempPath(), $"matchcut-select-{Guid.NewGuid():N}.mp4");
        try
        {
            // 1500 frames; every other one makes 750 runs, an expression of well over 16 KiB.
            TestMedia.Ffmpeg("-f", "lavfi", "-i", "testsrc2=size=96x64:rate=25:duration=60", "-c:v", "libx264", "-preset", "ultrafast", "-g", "48", clip);
            var all = await DecodeAllAsync(clip, 96, 64);
            var selection = FrameSelection.Of(Enumerable.Range(0, all.Count).Where(k => k % 2 == 1));
            Assert.True(selection.Filter().Length > 16 * 1024, $"{selection.Filter().Length} characters");
            var selected = await DecodeSelectedAsync(clip, 96, 64, selection);
            var expected = selection.Frames().ToList();
            Assert.Equal(expected.Count, selected.Count);
            for (var i = 0; i < expected.Count; i++) Assert.True(all[expected[i]].AsSpan().SequenceEqual(selected[i]), $"frame {expected[i]}");
            Assert.Empty(Directory.Exists(Media.ScratchFolder)
                ? Directory.GetFiles(Media.ScratchFolder, "filter-*.txt").Where(f => File.GetLastWriteTimeUtc(f) > DateTime.UtcNow.AddMinutes(-1)) : []);
        }
        finally
        {
            File.Delete(clip);
        }
    }

    [Fact]
    public void Runs_are_merged_and_sorted_and_the_expression_picks_exactly_them()
    {
        var s = FrameSelection.Of([(50, 60), (5, 5), (6, 9), (58, 70), (12, 11), (90, 90)]);
        Assert.Equal([(5, 9), (50, 70), (90, 90)], s.Runs);
        Assert.Equal(5 + 21 + 1, s.Count);
        Assert.Equal("if(lt(n,50),between(n,5,9),if(lt(n,90),between(n,50,70),eq(n,90)))", s.Expression());
        Assert.Equal("0", FrameSelection.Of(Array.Empty<int>()).Expression());
        Assert.Throws<ArgumentOutOfRangeException>(() => FrameSelection.Of([-1]));
    }

    [Fact]
    public async Task The_analyzer_on_the_selected_frames_gives_the_motion_of_every_frame_fed_through_the_flow()
    {
        var path = TestMedia.File("bbb_0_30.webm");
        var spans = new[] { new ShotSpan(0, 40, 70, 55), new ShotSpan(1, 200, 236, 210) };
        var analysis = await new ShotVideoAnalyzer(Media).AnalyzeAsync(path, W, H, 24, [], null, spans, null, [], new EncodingOptions(), CancellationToken.None);

        // The same spans fed by hand from a full decode.
        var all = await DecodeAllAsync(path, W, H);
        var (fw, fh) = ShotVideoAnalyzer.FlowSize(W, H, new EncodingOptions().FlowPixels);
        var flow = new PyramidalLucasKanade(fw, fh);
        foreach (var span in spans)
        {
            var acc = new ShotMotionAccumulator(flow, 24);
            for (var k = span.First; k <= span.Last; k++) acc.Add(ImageOps.Luma(new RgbFrame(all[k], W, H), fw, fh));
            var expected = acc.Result();
            var actual = analysis.Motion[span.Shot];
            Assert.Equal(expected.FramePairs, actual.FramePairs);
            Assert.Equal(span.Last - span.First, actual.FramePairs);
            Assert.Equal(expected.Grid, actual.Grid);
            Assert.Equal(expected.Camera, actual.Camera);
            Assert.Equal(expected.MeanSpeed, actual.MeanSpeed);
        }
    }

    [Fact]
    public async Task A_long_shots_flow_reads_runs_spread_over_it_and_no_pair_across_a_gap()
    {
        var path = TestMedia.File("bbb_0_30.webm");
        var options = new EncodingOptions { MotionMaxFrames = 48, MotionRunFrames = 12 };
        var span = new ShotSpan(0, 100, 339, 200);
        var runs = options.MotionRuns(span.First, span.Last);
        Assert.Equal(4, runs.Count);
        Assert.All(runs, r => Assert.Equal(12, r.Last - r.First + 1));
        Assert.True(runs[0].First < 160 && runs[^1].Last > 280, "the runs cover the shot's start and end");
        Assert.Equal([(5, 20)], options.MotionRuns(5, 20));
        Assert.Equal([(5, 20)], new EncodingOptions { MotionMaxFrames = 0 }.MotionRuns(5, 20));

        var analysis = await new ShotVideoAnalyzer(Media).AnalyzeAsync(path, W, H, 24, [], null, [span], null, [], options, CancellationToken.None);

        // The runs fed by hand from a full decode, the flow started afresh at each run.
        var all = await DecodeAllAsync(path, W, H);
        var (fw, fh) = ShotVideoAnalyzer.FlowSize(W, H, options.FlowPixels);
        var acc = new ShotMotionAccumulator(new PyramidalLucasKanade(fw, fh), 24);
        foreach (var (first, last) in runs)
        {
            acc.Break();
            for (var k = first; k <= last; k++) acc.Add(ImageOps.Luma(new RgbFrame(all[k], W, H), fw, fh));
        }
        var expected = acc.Result();
        var actual = analysis.Motion[span.Shot];
        Assert.Equal(4 * 11, actual.FramePairs);
        Assert.Equal(expected.Grid, actual.Grid);
        Assert.Equal(expected.Camera, actual.Camera);
        Assert.Equal(expected.MeanSpeed, actual.MeanSpeed);
    }

    [Theory]
    [InlineData(160, 90)]   // the flow size of a 16:9 std frame: 4x4 pixels a cell
    [InlineData(37, 23)]    // cells of uneven widths
    [InlineData(700, 400)]  // more cells than pixels: some cells empty
    [InlineData(3, 2)]      // large cells (38 400 pixels), still exact in integers
    [InlineData(2, 1)]      // cells of over 65 793 pixels: summed in single precision as before
    public void Area_luma_and_shrink_equal_the_raster_order_single_precision_sums(int width, int height)
    {
        var frame = TestFrames.Frame("bbb_0_30.webm", 300, 640, 360);
        var means = ReferenceImageOps.Means(frame, width, height);
        var luma = ImageOps.Luma(frame, width, height);
        for (var i = 0; i < width * height; i++)
            Assert.Equal(0.299f * means[i * 3] + 0.587f * means[i * 3 + 1] + 0.114f * means[i * 3 + 2], luma.Pixels[i]);
        var shrunk = ImageOps.Shrink(frame, width, height);
        for (var i = 0; i < means.Length; i++) Assert.Equal((byte)Math.Clamp(means[i] + 0.5f, 0, 255), shrunk.Pixels[i]);
    }
}
