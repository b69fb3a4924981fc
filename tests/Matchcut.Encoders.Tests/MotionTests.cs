using Matchcut.Encoders.Motion;
using Matchcut.Encoders.Shots;
using Matchcut.Media;

namespace Matchcut.Encoders.Tests;

public sealed class MotionTests
{
    [Fact]
    public async Task A_window_sliding_right_over_a_still_of_real_footage_is_a_pan_right_at_its_speed()
    {
        // 200 px/s across a 640-wide window: the camera pans right at 0.3125 frame widths per second.
        var motion = await MotionOfAsync("crop=640:360:x='t*200':y=100");

        Assert.InRange(motion.Camera.Pan, 0.25, 0.37);
        Assert.InRange(Math.Abs(motion.Camera.Tilt), 0, 0.03);
        Assert.InRange(Math.Abs(motion.Camera.Zoom), 0, 0.05);
        // The picture moves left in every cell that has texture.
        var dx = Enumerable.Range(0, ShotMotion.GridSize * ShotMotion.GridSize).Select(c => motion.Grid[2 * c]).Where(v => v != 0).ToList();
        Assert.True(dx.Count >= 8);
        Assert.All(dx, v => Assert.True(v < -0.15f, $"cell dx {v}"));
    }

    [Fact]
    public async Task A_still_frame_looped_has_next_to_no_motion()
    {
        var motion = await MotionOfAsync("crop=640:360:x=100:y=100");

        Assert.InRange(motion.Camera.Magnitude, 0, 0.005);
        Assert.InRange(motion.MeanSpeed, 0, 0.005);
        // Still for both flavours: left out of motion and camera pairs.
        Assert.True(motion.IsStill && motion.IsCameraStill, $"grid speed {motion.GridSpeed}, camera {motion.Camera.Magnitude}");
    }

    private static async Task<ShotMotion> MotionOfAsync(string crop)
    {
        var still = Path.Combine(Path.GetTempPath(), $"bbb-still-{Guid.NewGuid():N}.png");
        var clip = Path.ChangeExtension(still, ".mp4");
        try
        {
            // A frame of Big Buck Bunny's second shot (1280x720), looped for 2.5 s at 24 fps through the crop.
            TestMedia.Ffmpeg("-i", TestMedia.File("bbb_0_30.webm"), "-vf", "select=eq(n\\,300)", "-frames:v", "1", still);
            TestMedia.Ffmpeg("-loop", "1", "-framerate", "24", "-i", still, "-t", "2.5", "-vf", $"{crop},format=yuv420p",
                "-c:v", "libx264", "-preset", "veryfast", "-crf", "18", clip);
            var analysis = await new ShotVideoAnalyzer(new MediaOptions()).AnalyzeAsync(clip, 640, 360, 24,
                [], null, [new ShotSpan(0, 0, 59, 30)], null, [], new EncodingOptions(), CancellationToken.None);
            return analysis.Motion[0];
        }
        finally
        {
            File.Delete(still);
            File.Delete(clip);
        }
    }
}
