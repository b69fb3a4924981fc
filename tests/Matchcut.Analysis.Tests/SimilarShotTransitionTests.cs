using Matchcut.Analysis.Segmentation;

namespace Matchcut.Analysis.Tests;

/// <summary>
/// Transitions the quality bench's generated edits missed or invented: a dissolve between two framings of one shot
/// (their ends also match as one picture shifted), a quick dip to black out of a dim, boxed shot (a gain alone
/// "explains" the next shot), and a hand sweeping out of a shot while its light changes (neither a cut nor a wipe).
/// </summary>
public class SimilarShotTransitionTests : IClassFixture<ClipMaker>
{
    private readonly ClipMaker _clips;

    public SimilarShotTransitionTests(ClipMaker clips) => _clips = clips;

    [Fact]
    public async Task A_dissolve_from_a_crop_of_a_shot_to_the_whole_picture_is_a_dissolve()
    {
        // Big Buck Bunny's opening shot: its bottom-right 60% from 4 s, dissolving over 12 frames (48-59 at 24 fps)
        // into the whole picture from 7 s. Timestamps are renumbered so xfade blends frame for frame.
        const string Frame = "scale=768:432,setsar=1,fps=24,format=yuv420p,settb=1/24,setpts=N";
        var bunny = TestMedia.File("bbb_0_30.webm");
        var clip = _clips.Xfade("crop-dissolve.mp4", Frame,
            new(bunny, 4, 6.5, "crop=trunc(iw*0.6/2)*2:trunc(ih*0.6/2)*2:trunc(iw*0.4/2)*2:trunc(ih*0.4/2)*2,"), new(bunny, 7, 9.5), "fade", 0.5, 2.0);
        var a = await AnalysisCache.RunAsync(clip);
        Assert.True(a.Boundaries.Count == 1, AnalysisCache.Describe(a));
        Assert.Equal(TransitionKind.Dissolve, a.Boundaries[0].Kind);
        Assert.InRange(a.Boundaries[0].Frame, 48, 60);
    }

    [Fact]
    public async Task A_quick_dip_to_black_out_of_a_dim_boxed_shot_is_a_boundary()
    {
        // The rotated clip (a dim portrait picture between wide black bars) dips to black over 15 frames (50-64 at
        // 25 fps) into the tyre shot of testvideo.mp4.
        const string Frame = "scale=1024:576:force_original_aspect_ratio=decrease,pad=1024:576:(ow-iw)/2:(oh-ih)/2,setsar=1,fps=25,format=yuv420p";
        var clip = _clips.Xfade("boxed-dip.mp4", Frame, new(TestMedia.File("issue-134-rotate.mp4"), 0.1, 2.7),
            new(TestMedia.File("testvideo.mp4"), 18.75, 21.5), "fadeblack", 0.6, 2.0);
        var a = await AnalysisCache.RunAsync(clip);
        Assert.True(a.Boundaries.Count == 1, AnalysisCache.Describe(a));
        Assert.Equal(TransitionKind.DipToBlack, a.Boundaries[0].Kind);
        Assert.InRange(a.Boundaries[0].Frame, 48, 66);
    }

    [Theory]
    [InlineData("desk-full.mp4", "", "768:432", "24")]
    [InlineData("desk-crop.mp4", "crop=trunc(iw*0.6/2)*2:trunc(ih*0.6/2)*2:0:0,", "1024:576", "30000/1001")]
    public async Task A_hand_sweeping_out_of_a_shot_as_its_light_changes_is_no_boundary(string name, string crop, string size, string rate)
    {
        // issue-195-aspect-ratio.mp4's desk shot (16.96-19.26 s): a hand leaves the picture in a few frames while the
        // exposure swings; whole and cropped, at two sizes and rates.
        var clip = _clips.Make(name, "-i", TestMedia.File("issue-195-aspect-ratio.mp4"), "-vf",
            $"trim=start=16.96:end=19.26,setpts=PTS-STARTPTS,{crop}scale={size}:force_original_aspect_ratio=decrease,"
            + $"pad={size}:(ow-iw)/2:(oh-ih)/2,setsar=1,fps={rate},format=yuv420p");
        var a = await AnalysisCache.RunAsync(clip);
        Assert.True(a.Boundaries.Count == 0, AnalysisCache.Describe(a));
    }
}
