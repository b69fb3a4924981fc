using Matchcut.Analysis.Segmentation;

namespace Matchcut.Analysis.Tests;

/// <summary>Transitions and distractors made with ffmpeg from real footage, where the truth is known by construction.</summary>
public class MadeClipTests : IClassFixture<ClipMaker>
{
    // Big Buck Bunny frames 290-369 lie inside the shot 283-375, frames 400-499 inside the shot 376-550 (24 fps).
    private const string TwoShots =
        "[0:v]trim=start_frame=290:end_frame=370,setpts=PTS-STARTPTS,scale=320:180,setsar=1[a];" +
        "[0:v]trim=start_frame=400:end_frame=500,setpts=PTS-STARTPTS,scale=320:180,setsar=1[b];";

    private readonly ClipMaker _clips;

    public MadeClipTests(ClipMaker clips) => _clips = clips;

    [Theory]
    [InlineData("fade", TransitionKind.Dissolve)]
    [InlineData("wipeleft", TransitionKind.Wipe)]
    public async Task A_one_second_xfade_is_one_boundary_inside_it(string transition, TransitionKind kind)
    {
        // A is 80 frames; a 1 s xfade at 56/24 s covers frames 56-79 of the result.
        var clip = _clips.Make($"{transition}.mp4", "-i", TestMedia.File("bbb_0_30.webm"), "-filter_complex",
            TwoShots + $"[a][b]xfade=transition={transition}:duration=1:offset=2.3333[v]", "-map", "[v]");
        var a = await AnalysisCache.RunAsync(clip);
        TruthAssertions.OneBoundaryIn(a, 56, 80, slack: 0);
        Assert.True(a.Boundaries.Count == 1, AnalysisCache.Describe(a));
        Assert.Equal(kind, a.Boundaries[0].Kind);
    }

    [Fact]
    public async Task A_white_flash_inside_a_shot_is_no_boundary()
    {
        var clip = _clips.Make("flash.mp4", "-i", TestMedia.File("bbb_0_30.webm"), "-vf",
            "trim=start_frame=380:end_frame=500,setpts=PTS-STARTPTS,scale=320:180,drawbox=c=white@1:t=fill:enable='between(n,60,62)'");
        var a = await AnalysisCache.RunAsync(clip);
        Assert.True(a.Boundaries.Count == 0, AnalysisCache.Describe(a));
    }

    [Fact]
    public async Task A_half_brightness_flash_inside_a_shot_is_no_boundary()
    {
        var clip = _clips.Make("glow.mp4", "-i", TestMedia.File("issue-195-aspect-ratio.mp4"), "-vf",
            "trim=start_frame=175:end_frame=295,setpts=PTS-STARTPTS,scale=320:180,eq=brightness=0.5:enable='between(n,50,51)'");
        var a = await AnalysisCache.RunAsync(clip);
        Assert.True(a.Boundaries.Count == 0, AnalysisCache.Describe(a));
    }

    [Theory]
    [InlineData(320)]
    [InlineData(800)]
    public async Task A_fast_pan_over_a_still_is_no_boundary(int pixelsPerSecond)
    {
        // A 480 px window sliding across one 1280 px frame of a detailed shot: up to 1.7 picture widths a second.
        var clip = _clips.Make($"pan{pixelsPerSecond}.mp4", "-i", TestMedia.File("bbb_0_30.webm"), "-vf",
            "select='eq(n,420)',loop=loop=71:size=1:start=0,setpts=N/24/TB," +
            $"crop=480:270:x='min(max(0,(t-0.5)*{pixelsPerSecond}),800)':y=200,scale=320:180", "-r", "24");
        var a = await AnalysisCache.RunAsync(clip);
        Assert.Equal(72, a.FrameCount);
        Assert.True(a.Boundaries.Count == 0, AnalysisCache.Describe(a));
    }
}
