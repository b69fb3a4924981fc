using Matchcut.Analysis.Segmentation;
using Matchcut.Dedup;
using Matchcut.Media;

namespace Matchcut.Pipeline.Tests;

/// <summary>How a returning shot is judged with the classical descriptor: several frame layouts of the whole shot against several, on real footage (the default frame encoder: Encoders.Tests NeuralDedupTests).</summary>
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
        // A, B, A', C, A'': A' and A'' are other moments of A's Big Buck Bunny shot, softened and coarsely encoded.
        var path = TestMedia.RevisitsABACA(Path.Combine(_folder, "a-b-a-c-a.mp4"));

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
    public void Two_shots_that_each_change_over_their_length_link_at_a_lower_similarity_and_a_still_shot_does_not()
    {
        // Frames as directions in a plane (the encoder's vectors and the layouts alike). A turns by 60 degrees over its
        // length (spread 0.5), as does A', 40 degrees on from A: they share no picture exactly (similarity 0.77, under
        // the 0.85 two still shots need) but each changes as much, so the pair's bar is 0.85 - 0.3 x 0.5 = 0.70. D shows
        // one of A' pictures and holds it (spread 0): the same 0.77 to A, judged against the full 0.85.
        static float[] At(double degrees) => [(float)Math.Cos(degrees * Math.PI / 180), (float)Math.Sin(degrees * Math.PI / 180), 0];
        IReadOnlyList<float[]> a = [At(0), At(60)], b = [[0, 0, 1], [0, 0, 1]], a1 = [At(100), At(160)], d = [At(100), At(100)];
        var o = new DedupOptions { Threshold = 0.85, SpreadAllowance = 0.3 };
        IReadOnlyList<Pipeline.ShotVerdict> Group(params IReadOnlyList<float[]>[] shots) => NearDuplicateGrouper.Group(
            shots.Select((_, i) => (i, 2.0, false)).ToList(), i => new ShotFrames(shots[i], shots[i]), o);

        Assert.Equal(0.5, NearDuplicateGrouper.Spread(new ShotFrames(a, a), o), 5);
        Assert.Equal(0, NearDuplicateGrouper.Spread(new ShotFrames(d, d), o), 5);
        var revisit = Group(a, b, a1);
        Assert.True(revisit[2] is { Kept: false, DropReason: "duplicate", DuplicateOf: 0, Similarity: > 0.76 and < 0.77 }, $"{revisit[2]}");
        var still = Group(a, b, d);
        Assert.True(still[2] is { Kept: true, Similarity: > 0.76 and < 0.77 }, $"{still[2]}");
        o = o with { SpreadAllowance = 0 };
        Assert.True(Group(a, b, a1)[2].Kept, "a fixed bar misses the revisit");
    }

    [Fact]
    public void Layouts_alone_judge_two_shots_the_encoder_finds_related_where_they_match_better()
    {
        // Identical layouts (the setup's edges where they were) under encoder vectors 0.7 alike (the subject left) and
        // 0.5 alike (unrelated pictures): the first pair counts its layouts alone, the second the weighted sum.
        float[] layout = [1, 0, 0], e0 = [1, 0], e07 = [0.7f, (float)Math.Sqrt(1 - 0.49)], e05 = [0.5f, (float)Math.Sqrt(0.75)];
        var o = new DedupOptions();
        ShotFrames Shot(float[] encoder) => new([encoder], [layout]);

        Assert.Equal(1, NearDuplicateGrouper.Similarity(Shot(e0), Shot(e07), o), 5);
        Assert.Equal(0.6 * 0.5 + 0.4, NearDuplicateGrouper.Similarity(Shot(e0), Shot(e05), o), 5);
        Assert.Equal(0.6 * 0.7 + 0.4, NearDuplicateGrouper.Similarity(Shot(e0), Shot(e07), o with { LayoutsAloneFrom = 2 }), 5);
    }

    [Fact]
    public void Several_frames_find_the_moment_two_shots_share()
    {
        // Two moments each: the shots share one picture (x), so half of the closest matches are exact.
        float[] x = [1, 0, 0], y = [0, 1, 0], z = [0, 0, 1];
        Assert.Equal(1, NearDuplicateGrouper.Similarity([x, y], [x, z]), 6);
        Assert.Equal(0, NearDuplicateGrouper.Similarity([y], [z]), 6);
    }

    [Fact]
    public async Task Layouts_compared_under_small_shifts_find_a_tilted_camera_but_not_another_framing()
    {
        // A, B, A', C with A' the picture of A moved up by about a third (a slow tilt); and two crops (top left, bottom
        // right) of one shot 7 s apart, which share their palette but show the picture at another scale and place.
        var tilted = await AnalyzeAsync(TestMedia.TiltedRevisit(Path.Combine(_folder, "tilted.mp4")));
        var crops = await AnalyzeAsync(TestMedia.SharedPlaceShots(Path.Combine(_folder, "shared-place.mp4")));
        var o = new DedupOptions();

        Assert.True(tilted.Shots.Count == 4, string.Join(", ", tilted.Boundaries.Select(b => $"{b.Kind}@{b.Frame}")));
        var (a, a1) = (tilted.Shots[0].FrameDescriptors, tilted.Shots[2].FrameDescriptors);
        var (tl, br) = (crops.Shots[0].FrameDescriptors, crops.Shots[1].FrameDescriptors);
        double plain = NearDuplicateGrouper.Similarity(a, a1), shifted = NearDuplicateGrouper.ShiftedLayoutSimilarity(a, a1, o.LayoutShiftColumns, o.LayoutShiftRows);
        var framings = NearDuplicateGrouper.ShiftedLayoutSimilarity(tl, br, o.LayoutShiftColumns, o.LayoutShiftRows);
        var figures = $"tilt: plain {plain:F3}, shifted {shifted:F3}; two framings shifted {framings:F3}";
        Assert.True(shifted >= 0.8 && shifted >= plain + 0.2, figures);
        Assert.True(framings <= shifted - 0.3, figures);
    }

    [Fact]
    public void A_layout_moved_by_whole_cells_matches_itself_within_the_shift_and_not_beyond()
    {
        // A 16x9 grid of random steps and the same picture moved down two rows (new content enters at the top).
        var rnd = new Random(7);
        var cells = new double[12, 16];
        for (var y = 0; y < 12; y++) for (var x = 0; x < 16; x++) cells[y, x] = rnd.NextDouble();
        float[] Layout(int top)
        {
            var v = new List<float>();
            for (var y = 0; y < 9; y++)
                for (var x = 0; x < 16; x++)
                {
                    if (x + 1 < 16) v.AddRange([(float)(cells[top + y, x + 1] - cells[top + y, x]), 0, 0]);
                    if (y + 1 < 9) v.AddRange([(float)(cells[top + y + 1, x] - cells[top + y, x]), 0, 0]);
                }
            return [.. v];
        }
        float[] first = Layout(2), moved = Layout(0);

        Assert.Equal(1, NearDuplicateGrouper.ShiftedLayoutSimilarity([first], [moved], 1, 3), 5);
        Assert.True(NearDuplicateGrouper.ShiftedLayoutSimilarity([first], [moved], 1, 1) < 0.5);
        Assert.True(NearDuplicateGrouper.Similarity([first], [moved]) < 0.5);
    }

    private static Task<ShotAnalysis> AnalysisCache(string file) => AnalyzeAsync(TestMedia.File(file));
}
