using System.Numerics.Tensors;
using Matchcut.Encoders.Motion;
using Matchcut.Encoders.Shots;
using Matchcut.Media;
using Xunit.Abstractions;

namespace Matchcut.Encoders.Tests;

/// <summary>
/// The motion and camera flavours rank by direction and speed together: made from one real frame of Big Buck Bunny,
/// a window panning right scores highest against another pan right at the same speed, then against slower and
/// faster pans right, then a zoom, and lowest against a pan left; still shots are left out.
/// </summary>
public sealed class MotionRankingTests(ITestOutputHelper output, MotionRankingTests.Clips clips) : IClassFixture<MotionRankingTests.Clips>
{
    /// <summary>Each synthetic move analysed once: a 480x270 window over the 1280x720 frame, scaled to 640x360, 2.5 s at 24 fps.</summary>
    public sealed class Clips : IAsyncLifetime
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("matchcut-motion-").FullName;
        public Dictionary<string, ShotMotion> Motion { get; } = new();

        public async Task InitializeAsync()
        {
            var still = Path.Combine(_folder, "still.png");
            TestMedia.Ffmpeg("-i", TestMedia.File("bbb_0_30.webm"), "-vf", "select=eq(n\\,300)", "-frames:v", "1", still);
            var moves = new Dictionary<string, string>
            {
                ["right"] = "crop=480:270:x='t*150':y=100,scale=640:360",              // 0.31 frame widths/s
                ["right-again"] = "crop=480:270:x='100+t*150':y=380,scale=640:360",    // same move, other part of the picture
                ["right-slow"] = "crop=480:270:x='t*50':y=100,scale=640:360",          // a third of the speed
                ["right-fast"] = "crop=480:270:x='t*300':y=100,scale=640:360",         // twice the speed
                ["left"] = "crop=480:270:x='780-t*150':y=100,scale=640:360",
                ["down"] = "crop=480:270:x=300:y='t*100',scale=640:360",             // the camera tilts down: the picture moves up
                ["up"] = "crop=480:270:x=300:y='400-t*100',scale=640:360",
                ["zoom-in"] = "zoompan=z='1+0.012*on':x='iw/2-(iw/zoom/2)':y='ih/2-(ih/zoom/2)':d=1:s=640x360:fps=24",
                ["still"] = "crop=480:270:x=300:y=200,scale=640:360",
            };
            foreach (var (name, filter) in moves)
            {
                var clip = Path.Combine(_folder, name + ".mp4");
                TestMedia.Ffmpeg("-loop", "1", "-framerate", "24", "-i", still, "-t", "2.5", "-vf", $"{filter},format=yuv420p",
                    "-c:v", "libx264", "-preset", "veryfast", "-crf", "18", clip);
                var analysis = await new ShotVideoAnalyzer(new MediaOptions()).AnalyzeAsync(clip, 640, 360, 24,
                    [], null, [new ShotSpan(0, 0, 59, 30)], null, [], new EncodingOptions(), CancellationToken.None);
                Motion[name] = analysis.Motion[0];
            }
        }

        public Task DisposeAsync()
        {
            Directory.Delete(_folder, recursive: true);
            return Task.CompletedTask;
        }
    }

    private readonly Dictionary<string, ShotMotion> _m = clips.Motion;

    [Theory]
    [InlineData("camera")]
    [InlineData("motion")]
    public void A_pan_right_ranks_the_same_pan_first_then_other_speeds_then_a_zoom_then_the_opposite_pan(string flavour)
    {
        double Score(string other) => Cosine(flavour, _m["right"], _m[other]);
        foreach (var name in _m.Keys)
            output.WriteLine($"{name}: camera {_m[name].Camera}, grid speed {_m[name].GridSpeed:0.000}, {flavour} vs right {Score(name):0.000}");

        Assert.True(Score("right-again") > Score("right-fast"), $"same {Score("right-again")} vs faster {Score("right-fast")}");
        Assert.True(Score("right-again") > Score("right-slow"), $"same {Score("right-again")} vs slower {Score("right-slow")}");
        Assert.True(Score("right-fast") > Score("zoom-in"), $"faster {Score("right-fast")} vs zoom {Score("zoom-in")}");
        Assert.True(Score("right-slow") > Score("zoom-in"), $"slower {Score("right-slow")} vs zoom {Score("zoom-in")}");
        Assert.True(Score("zoom-in") > Score("left"), $"zoom {Score("zoom-in")} vs left {Score("left")}");
        Assert.True(Score("left") < 0, $"left {Score("left")}");
        Assert.True(Score("right-again") > 0.95, $"same {Score("right-again")}");
    }

    [Fact]
    public void Still_shots_are_left_out_of_both_flavours_and_moving_ones_are_not()
    {
        Assert.True(_m["still"].IsStill && _m["still"].IsCameraStill);
        Assert.All(_m.Where(kv => kv.Key != "still"), kv => Assert.False(kv.Value.IsStill || kv.Value.IsCameraStill, kv.Key));
        Assert.True(_m["zoom-in"].Camera.Zoom > 0.1, $"zoom {_m["zoom-in"].Camera}");
    }

    [Fact]
    public async Task The_slow_camera_move_opening_Big_Buck_Bunny_is_a_tilt_down_and_ranks_a_tilt_down_above_a_pan_and_a_tilt_up()
    {
        // Shot 1 of bbb_0_30.webm: frames 49-282 after the fade-in (TRUTH.md), a slow camera move; analysed at 640x360.
        var analysis = await new ShotVideoAnalyzer(new MediaOptions()).AnalyzeAsync(TestMedia.File("bbb_0_30.webm"), 640, 360, 24,
            [], null, [new ShotSpan(0, 60, 270, 150)], null, [], new EncodingOptions(), CancellationToken.None);
        var opening = analysis.Motion[0];
        output.WriteLine($"opening: camera {opening.Camera}, grid speed {opening.GridSpeed:0.000}");

        Assert.False(opening.IsCameraStill, $"camera {opening.Camera}");
        Assert.False(opening.IsStill, $"grid speed {opening.GridSpeed}");
        // By eye the camera turns down from the sky to the meadow (tilt > 0), slowly.
        Assert.True(opening.Camera.Tilt > 0.02 && Math.Abs(opening.Camera.Pan) < opening.Camera.Tilt / 3, $"camera {opening.Camera}");
        foreach (var flavour in new[] { "camera", "motion" })
        {
            double down = Cosine(flavour, opening, _m["down"]), up = Cosine(flavour, opening, _m["up"]), pan = Cosine(flavour, opening, _m["right"]);
            output.WriteLine($"{flavour}: down {down:0.000}, right {pan:0.000}, up {up:0.000}");
            Assert.True(down > pan && pan > up, $"{flavour}: down {down}, right {pan}, up {up}");
        }
    }

    private static double Cosine(string flavour, ShotMotion a, ShotMotion b) => flavour == "camera"
        ? TensorPrimitives.Dot(a.CameraVector(), b.CameraVector())
        : TensorPrimitives.Dot(a.MotionVector(), b.MotionVector());
}
