using Matchcut.Analysis.Segmentation;

namespace Matchcut.Analysis.Tests;

/// <summary>
/// Transitions the fresh seeds of the quality bench missed, rebuilt from other pieces of the shared footage: a wipe
/// into a smooth picture (its moving edge between two smooth pictures matches "the picture shifted", which used to
/// veto it as a pan), and a dissolve between two dim, boxed shots of one clip (few cells change by much, but nearly
/// all change a little).
/// </summary>
public class SweepAndFaintTransitionTests : IClassFixture<ClipMaker>
{
    // 960x540 at 25 fps; timestamps renumbered so xfade works frame for frame.
    private const string Frame = "scale=960:540:force_original_aspect_ratio=decrease,pad=960:540:(ow-iw)/2:(oh-ih)/2,fps=25,setsar=1,format=yuv420p,settb=1/25,setpts=N";
    private const string TopLeft = "crop=trunc(iw*0.6/2)*2:trunc(ih*0.6/2)*2:0:0,";
    private const string BottomRight = "crop=trunc(iw*0.6/2)*2:trunc(ih*0.6/2)*2:trunc(iw*0.4/2)*2:trunc(ih*0.4/2)*2,";

    private readonly ClipMaker _clips;

    public SweepAndFaintTransitionTests(ClipMaker clips) => _clips = clips;

    [Fact]
    public async Task A_wipe_down_from_a_dim_boxed_shot_into_a_smooth_sky_is_one_wipe()
    {
        // The rotated clip's second shot (bottom-right crop, from 4.5 s) wipes down over 20 frames (38-57) into the top
        // left of Big Buck Bunny's opening shot (mostly sky and soft hills).
        var clip = _clips.Xfade("wipe-down.mp4", Frame, new(TestMedia.File("issue-134-rotate.mp4"), 4.5, 7, BottomRight),
            new(TestMedia.File("bbb_0_30.webm"), 6, 8.5, TopLeft), "wipedown", 0.8, 1.5);
        var a = await AnalysisCache.RunAsync(clip);
        Assert.True(a.Boundaries.Count == 1, AnalysisCache.Describe(a));
        Assert.Equal(TransitionKind.Wipe, a.Boundaries[0].Kind);
        Assert.InRange(a.Boundaries[0].Frame, 40, 55);
        Assert.InRange(a.Boundaries[0].TransitionStart, 36, 44);
        Assert.InRange(a.Boundaries[0].TransitionEnd, 52, 59);
    }

    [Fact]
    public async Task A_wipe_up_after_a_2_frame_flash_is_one_wipe_and_the_flash_no_cut()
    {
        // GoldenEye's first shot (top-left crop) with a white 2-frame flash at 40-41, wiping up over 20 frames (50-69)
        // into the top left of Big Buck Bunny's opening shot.
        var clip = _clips.Xfade("flash-wipe-up.mp4", Frame,
            new(TestMedia.File("goldeneye-vfr-drop3.mp4"), 0.5, 3.5, TopLeft, ",drawbox=x=0:y=0:w=iw:h=ih:color=white:t=fill:enable='between(n,40,41)'"),
            new(TestMedia.File("bbb_0_30.webm"), 3, 5.5, TopLeft), "wipeup", 0.8, 2.0);
        var a = await AnalysisCache.RunAsync(clip);
        Assert.True(a.Boundaries.Count == 1, AnalysisCache.Describe(a));
        Assert.Equal(TransitionKind.Wipe, a.Boundaries[0].Kind);
        Assert.InRange(a.Boundaries[0].Frame, 52, 67);
    }

    [Fact]
    public async Task A_dissolve_between_two_dim_boxed_shots_of_one_clip_is_a_dissolve()
    {
        // The rotated clip's two shots (dim portrait pictures between wide black bars, one palette) dissolve over 15
        // frames (50-64).
        var rotated = TestMedia.File("issue-134-rotate.mp4");
        var clip = _clips.Xfade("dim-dissolve.mp4", Frame, new(rotated, 0.5, 3.3), new(rotated, 4.5, 7), "fade", 0.6, 2.0);
        var a = await AnalysisCache.RunAsync(clip);
        Assert.True(a.Boundaries.Count == 1, AnalysisCache.Describe(a));
        Assert.Equal(TransitionKind.Dissolve, a.Boundaries[0].Kind);
        Assert.InRange(a.Boundaries[0].Frame, 52, 62);
    }
}
