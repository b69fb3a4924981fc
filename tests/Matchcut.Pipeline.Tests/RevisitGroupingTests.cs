using Matchcut.Analysis.Segmentation;
using Matchcut.Dedup;
using Matchcut.Media;

namespace Matchcut.Pipeline.Tests;

/// <summary>How a returning shot is judged: several frame layouts of the whole shot against several, on real footage.</summary>
public sealed class RevisitGroupingTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("matchcut-revisit-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static async Task<ShotAnalysis> AnalyzeAsync(string path)
    {
        var media = new MediaOptions { Threads = 2 };
        return await new ShotAnalyzer(media).AnalyzeAsync(path, await new VideoProber(media).ProbeAsync(path));
    }

    private static IReadOnlyList<Pipeline.ShotVerdict> Group(ShotAnalysis a) =>
        NearDuplicateGrouper.Group(a.Shots.Select(s => (s.Index, s.DurationSec, s.Blank)).ToList(), i => a.Shots[i].FrameDescriptors, new DedupOptions());

    [Fact]
    public async Task Later_moments_of_one_setup_at_another_quality_all_link_to_its_first_appearance()
    {
        // A, B, A', C, A'': A' and A'' are other moments of A's Big Buck Bunny shot (378-548), softened and coarsely
        // encoded; B is the shot before it, C the leaf on the rock. The whole edit is 768x432 at 25 fps.
        var path = Path.Combine(_folder, "a-b-a-c-a.mp4");
        const string Size = "scale=768:432,setsar=1,fps=25,format=yuv420p";
        const string Soft = ",scale=384:216,scale=768:432,eq=contrast=1.08:saturation=0.9";
        TestMedia.Ffmpeg("-i", TestMedia.File("bbb_0_30.webm"), "-i", TestMedia.File("testvideo.mp4"), "-filter_complex",
            $"[0:v]trim=start_frame=380:end_frame=430,setpts=PTS-STARTPTS,{Size}[a];"
            + $"[0:v]trim=start_frame=290:end_frame=340,setpts=PTS-STARTPTS,{Size}[b];"
            + $"[0:v]trim=start_frame=455:end_frame=500,setpts=PTS-STARTPTS,{Size}{Soft}[a1];"
            + $"[1:v]trim=start_frame=40:end_frame=100,setpts=PTS-STARTPTS,{Size}[c];"
            + $"[0:v]trim=start_frame=500:end_frame=546,setpts=PTS-STARTPTS,{Size}{Soft}[a2];"
            + "[a][b][a1][c][a2]concat=n=5:v=1:a=0[v]", "-map", "[v]", "-c:v", "libx264", "-preset", "veryfast", "-crf", "28", path);

        var a = await AnalyzeAsync(path);
        var verdicts = Group(a);

        Assert.True(a.Shots.Count == 5, string.Join(", ", a.Boundaries.Select(b => $"{b.Kind}@{b.Frame}")));
        var summary = string.Join("; ", verdicts.Select(v => $"{v.Index}: {v.DropReason ?? "kept"} {v.DuplicateOf} {v.Similarity}"));
        Assert.True(verdicts[0].Kept && verdicts[1].Kept && verdicts[3].Kept, summary);
        Assert.True(verdicts[2] is { Kept: false, DropReason: "duplicate", DuplicateOf: 0 }, summary);
        Assert.True(verdicts[4] is { Kept: false, DropReason: "duplicate", DuplicateOf: 0 }, summary);
    }

    [Theory]
    [InlineData("testvideo.mp4")]            // the leaf on the rock twice, in other light
    [InlineData("issue-195-aspect-ratio.mp4")] // two close-ups of hands, and rooms of one house
    public async Task Shots_that_only_share_a_place_or_a_subject_are_not_linked(string file)
    {
        var verdicts = Group(await AnalysisCache(file));
        Assert.DoesNotContain(verdicts, v => v.DropReason == "duplicate");
    }

    [Fact]
    public void A_shot_matching_a_later_member_of_a_group_best_is_linked_to_the_groups_first_shot()
    {
        // A' is close to A; A'' is close to A' but under the threshold from A: it still belongs to A's group.
        float[] a = [1, 0, 0], b = [0, 1, 0], a1 = [0.8f, 0, 0.6f], a2 = [0.28f, 0, 0.96f];
        var vectors = new[] { a, b, a1, a2 };
        var verdicts = NearDuplicateGrouper.Group(
            [(0, 2.0, false), (1, 2.0, false), (2, 2.0, false), (3, 2.0, false)], i => [vectors[i]], new DedupOptions { Threshold = 0.75 });
        Assert.Equal([true, true, false, false], verdicts.Select(v => v.Kept));
        Assert.Equal(0, verdicts[2].DuplicateOf);
        Assert.Equal(0, verdicts[3].DuplicateOf);
    }

    [Fact]
    public void Several_frames_find_the_moment_two_shots_share()
    {
        // Two moments each: the shots share one picture (x), so half of the closest matches are exact.
        float[] x = [1, 0, 0], y = [0, 1, 0], z = [0, 0, 1];
        Assert.Equal(1, NearDuplicateGrouper.Similarity([x, y], [x, z]), 6);
        Assert.Equal(0, NearDuplicateGrouper.Similarity([y], [z]), 6);
    }

    private static Task<ShotAnalysis> AnalysisCache(string file) => AnalyzeAsync(TestMedia.File(file));
}
