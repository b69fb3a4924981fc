using Matchcut.Analysis.Segmentation;
using Xunit.Abstractions;

namespace Matchcut.Analysis.Tests;

public class DescriptorTests : IClassFixture<ClipMaker>
{
    private readonly ClipMaker _clips;
    private readonly ITestOutputHelper _output;

    public DescriptorTests(ClipMaker clips, ITestOutputHelper output) => (_clips, _output) = (clips, output);

    private static double Cosine(AnalyzedShot a, AnalyzedShot b) => a.Descriptor.Zip(b.Descriptor, (x, y) => (double)x * y).Sum();

    [Fact]
    public async Task Two_pieces_of_one_shot_score_far_above_different_shots()
    {
        // A and A' come from one Big Buck Bunny shot (376-550) a few seconds apart, B from the shot before it.
        var clip = _clips.Make("aba.mp4", "-i", TestMedia.File("bbb_0_30.webm"), "-filter_complex",
            "[0:v]trim=start_frame=385:end_frame=445,setpts=PTS-STARTPTS,scale=320:180,setsar=1[a];" +
            "[0:v]trim=start_frame=290:end_frame=370,setpts=PTS-STARTPTS,scale=320:180,setsar=1[b];" +
            "[0:v]trim=start_frame=480:end_frame=545,setpts=PTS-STARTPTS,scale=320:180,setsar=1[c];" +
            "[a][b][c]concat=n=3:v=1[v]", "-map", "[v]");
        var shots = (await AnalysisCache.RunAsync(clip)).Shots;
        Assert.Equal(3, shots.Count);
        double same = Cosine(shots[0], shots[2]), differentB = Cosine(shots[0], shots[1]), differentB2 = Cosine(shots[2], shots[1]);
        _output.WriteLine($"A~A' {same:F3}  A~B {differentB:F3}  A'~B {differentB2:F3}");
        Assert.True(same > 0.8, $"A~A' {same:F3}");
        Assert.True(same - Math.Max(differentB, differentB2) > 0.5, $"A~A' {same:F3} vs A~B {differentB:F3}, A'~B {differentB2:F3}");
    }

    [Fact]
    public async Task The_two_leaf_on_rock_shots_in_different_light_are_not_near_duplicates()
    {
        var shots = (await AnalysisCache.AnalyzeAsync(TestMedia.File("testvideo.mp4"))).Shots;
        var leaf = shots.Single(s => s.StartFrame == 30);
        var leafAgain = shots.Single(s => Math.Abs(s.StartFrame - 394) <= 2);
        var deer = shots.Single(s => Math.Abs(s.StartFrame - 211) <= 2);
        var tyre = shots[^2];
        var leaves = Cosine(leaf, leafAgain);
        _output.WriteLine($"leaf~leaf' {leaves:F3}  leaf~deer {Cosine(leaf, deer):F3}  leaf'~tyre {Cosine(leafAgain, tyre):F3}  deer~tyre {Cosine(deer, tyre):F3}");
        Assert.True(leaves < 0.7, $"leaf~leaf' {leaves:F3}");
    }

    [Fact]
    public async Task Keyframes_are_never_black_and_the_observer_sees_every_frame()
    {
        var observer = new LumaObserver();
        var a = await AnalysisCache.RunAsync(TestMedia.File("testvideo.mp4"), observer);
        Assert.Equal(a.FrameCount, observer.Luma.Count);
        Assert.Equal(a.FrameTimes, observer.Times);
        foreach (var shot in a.Shots.Where(s => !s.Blank))
            Assert.True(observer.Luma[shot.KeyframeFrame] > 20, $"shot {shot.Index} keyframe {shot.KeyframeFrame} luma {observer.Luma[shot.KeyframeFrame]:F1}");
    }

    private sealed class LumaObserver : IFrameObserver
    {
        public List<double> Luma { get; } = [];
        public List<double> Times { get; } = [];

        public void OnFrame(int index, double ptsSeconds, int width, int height, ReadOnlySpan<byte> rgb)
        {
            Assert.Equal(Luma.Count, index);
            Assert.Equal(width * height * 3, rgb.Length);
            long sum = 0;
            for (var i = 0; i < rgb.Length; i++) sum += rgb[i];
            Luma.Add((double)sum / rgb.Length);
            Times.Add(ptsSeconds);
        }
    }
}
