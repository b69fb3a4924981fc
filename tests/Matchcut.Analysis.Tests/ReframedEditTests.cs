using Matchcut.Analysis.Segmentation;

namespace Matchcut.Analysis.Tests;

/// <summary>
/// Edits of the kind the quality bench generates from its seeds: other sizes and rates than the footage, re-framed
/// crops of one shot cut together (close palettes), and 2-frame flashes inside a shot.
/// </summary>
public class ReframedEditTests : IClassFixture<ClipMaker>
{
    private readonly ClipMaker _clips;

    public ReframedEditTests(ClipMaker clips) => _clips = clips;

    [Fact]
    public async Task A_cut_between_two_framings_of_one_shot_is_found_and_2_frame_flashes_are_not_cuts()
    {
        // Top-left and bottom-right 60% of the same Big Buck Bunny moment at 854x480, 29.97 fps, CRF 26: one palette,
        // other layout. Flashes (white, then brightened) sit at frames 30-31 and 100-101, well inside each framing.
        const string Frame = "scale=854:480,setsar=1,fps=30000/1001";
        var clip = _clips.Make("framings.mp4", "-i", TestMedia.File("bbb_0_30.webm"), "-filter_complex",
            "[0:v]trim=start=3:end=5.6,setpts=PTS-STARTPTS,crop=iw*0.6:ih*0.6:0:0," + Frame + ",trim=end_frame=70,setpts=PTS-STARTPTS,"
            + "drawbox=x=0:y=0:w=iw:h=ih:color=white:t=fill:enable='between(n,30,31)'[a];"
            + "[0:v]trim=start=5.6:end=8.2,setpts=PTS-STARTPTS,crop=iw*0.6:ih*0.6:iw*0.4:ih*0.4," + Frame + ",trim=end_frame=70,setpts=PTS-STARTPTS,"
            + "eq=brightness=0.45:contrast=0.7:enable='between(n,30,31)'[b];"
            + "[a][b]concat=n=2:v=1:a=0,format=yuv420p[v]", "-map", "[v]", "-crf", "26");
        var a = await AnalysisCache.RunAsync(clip);
        Assert.True(a.Boundaries.Count == 1, AnalysisCache.Describe(a));
        Assert.InRange(a.Boundaries[0].Frame, 69, 71);
        Assert.Equal(TransitionKind.Cut, a.Boundaries[0].Kind);
    }

    [Fact]
    public async Task Each_shot_carries_frame_layouts_from_across_its_steady_part()
    {
        var a = await AnalysisCache.AnalyzeAsync(TestMedia.File("testvideo.mp4"));
        foreach (var shot in a.Shots)
        {
            Assert.NotEmpty(shot.FrameDescriptors);
            Assert.All(shot.FrameDescriptors, v => Assert.Equal(shot.FrameDescriptors[0].Length, v.Length));
            if (shot.Blank) continue;
            Assert.Equal(new SegmentationOptions().RevisitFrames, shot.FrameDescriptors.Count);
            Assert.All(shot.FrameDescriptors, v => Assert.Equal(1, Math.Sqrt(v.Sum(x => (double)x * x)), 3));
        }
    }
}
