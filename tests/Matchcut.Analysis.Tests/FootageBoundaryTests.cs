using Matchcut.Analysis.Segmentation;

namespace Matchcut.Analysis.Tests;

public class FootageBoundaryTests
{
    [Fact]
    public async Task Big_buck_bunny_has_its_three_hard_cuts_and_nothing_else()
    {
        var a = await AnalysisCache.AnalyzeAsync(TestMedia.File("bbb_0_30.webm"));
        Assert.Equal(720, a.FrameCount);
        TruthAssertions.HardCutsExactly(a, 283, 376, 551);
    }

    [Fact]
    public async Task Anamorphic_video_has_its_five_hard_cuts_and_nothing_else()
    {
        TruthAssertions.HardCutsExactly(await AnalysisCache.AnalyzeAsync(TestMedia.File("issue-195-aspect-ratio.mp4")), 70, 170, 301, 421, 484);
    }

    [Fact]
    public async Task Rotated_video_has_its_two_hard_cuts_and_nothing_else()
    {
        TruthAssertions.HardCutsExactly(await AnalysisCache.AnalyzeAsync(TestMedia.File("issue-134-rotate.mp4")), 90, 210);
    }

    [Fact]
    public async Task Testvideo_has_two_cuts_and_each_gradual_transition_once()
    {
        var a = await AnalysisCache.AnalyzeAsync(TestMedia.File("testvideo.mp4"));
        var found = AnalysisCache.Describe(a);
        Assert.True(a.Boundaries.Count == 7, found);
        Assert.Contains(a.Boundaries, b => b.Kind == TransitionKind.Cut && Math.Abs(b.Frame - 30) <= 1);
        Assert.Contains(a.Boundaries, b => b.Kind == TransitionKind.Cut && Math.Abs(b.Frame - 180) <= 1);
        foreach (var (first, last) in (ReadOnlySpan<(int, int)>)[(211, 240), (331, 360), (394, 423), (529, 558), (664, 693)])
            TruthAssertions.OneBoundaryIn(a, first, last);
        // The black stretches between fades are shots of their own.
        Assert.Equal([true, false, true, false, true, false, false, true], a.Shots.Select(s => s.Blank));
    }

    [Theory]
    [InlineData("sintel_5s.mp4")]
    [InlineData("fades.mp4")]
    public async Task Fades_of_one_picture_are_no_boundary(string name)
    {
        var a = await AnalysisCache.AnalyzeAsync(TestMedia.File(name));
        Assert.True(a.Boundaries.Count == 0, AnalysisCache.Describe(a));
        Assert.Single(a.Shots);
    }

    [Fact]
    public async Task Variable_frame_rate_cuts_fall_at_their_presentation_times()
    {
        var a = await AnalysisCache.AnalyzeAsync(TestMedia.File("goldeneye-vfr-drop3.mp4"));
        Assert.Equal(160, a.FrameCount);
        Assert.True(a.Boundaries.Count == 2, AnalysisCache.Describe(a));
        foreach (var (boundary, index) in a.Boundaries.Select((b, i) => (b, i)))
        {
            var expected = index == 0 ? 3.75 : 8.75;
            var step = a.FrameTimes[boundary.Frame] - a.FrameTimes[boundary.Frame - 1];
            Assert.InRange(a.FrameTimes[boundary.Frame], expected - step, expected + step);
            Assert.Equal(a.FrameTimes[boundary.Frame], a.Shots[index + 1].StartSec);
        }
        Assert.InRange(a.Shots[^1].EndSec, 9.9, 10.1);
    }
}
