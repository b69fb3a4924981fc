using Matchcut.Encoders.Shots;
using Matchcut.Pipeline;
using Matchcut.ServiceDefaults;

namespace Matchcut.Encoders.Tests;

[Collection(EncodedPipelineCollection.Name)]
public sealed class NeuralDedupTests(EncodedPipelineFixture pipeline)
{
    [Fact]
    public async Task An_A_B_A_prime_splice_of_real_footage_groups_A_prime_with_A_by_the_neural_vector()
    {
        var splice = TestMedia.SpliceABA(pipeline.Input("splice-a-b-a.mp4"));

        var dedup = await pipeline.ReadAsync<DedupResult>(DedupFeature.Dedup(await pipeline.AssetAsync(splice)));

        Assert.Equal(Frames.ResNetFrameEncoder.Method, dedup.Descriptor);
        Assert.Equal(3, dedup.Shots.Count);
        Assert.True(dedup.Shots[0].Kept && dedup.Shots[1].Kept);
        Assert.Equal(("duplicate", 0), (dedup.Shots[2].DropReason, dedup.Shots[2].DuplicateOf));
    }

    [Fact]
    public async Task The_two_leaf_on_rock_shots_in_other_light_are_not_duplicates()
    {
        var assetId = await pipeline.AssetAsync(TestMedia.File("testvideo.mp4"));
        var shots = await pipeline.ReadAsync<ShotList>(SegmentFeature.Shots(assetId));
        var dedup = await pipeline.ReadAsync<DedupResult>(DedupFeature.Dedup(assetId));

        var leaf = shots.Shots.Single(s => s.StartFrame <= 100 && 100 <= s.EndFrame).Index;
        var leafAgain = shots.Shots.Single(s => s.StartFrame <= 450 && 450 <= s.EndFrame).Index;

        Assert.Equal(Frames.ResNetFrameEncoder.Method, dedup.Descriptor);
        Assert.True(dedup.Shots[leaf].Kept);
        Assert.True(dedup.Shots[leafAgain].Kept, $"similarity {dedup.Shots[leafAgain].Similarity} to an earlier shot");
    }

    [Fact]
    public async Task Later_moments_of_one_setup_at_another_quality_all_link_to_its_first_appearance()
    {
        var edit = TestMedia.RevisitsABACA(pipeline.Input("a-b-a-c-a.mp4"));

        var assetId = await pipeline.AssetAsync(edit);
        var shots = await pipeline.ReadAsync<ShotList>(SegmentFeature.Shots(assetId));
        var dedup = await pipeline.ReadAsync<DedupResult>(DedupFeature.Dedup(assetId));

        Assert.True(shots.Shots.Count == 5, string.Join(", ", shots.Boundaries.Select(b => $"{b.Kind}@{b.Frame}")));
        var summary = Summary(dedup);
        Assert.Equal(Frames.ResNetFrameEncoder.Method, dedup.Descriptor);
        Assert.True(dedup.Shots[0].Kept && dedup.Shots[1].Kept && dedup.Shots[3].Kept, summary);
        Assert.True(dedup.Shots[2] is { Kept: false, DropReason: "duplicate", DuplicateOf: 0 }, summary);
        Assert.True(dedup.Shots[4] is { Kept: false, DropReason: "duplicate", DuplicateOf: 0 }, summary);
    }

    [Fact]
    public async Task A_later_moment_of_a_tilting_shot_links_to_its_first_appearance()
    {
        // A, B, A', C: A' shows A's picture moved up by about a third (the camera tilted between the two moments).
        var edit = TestMedia.TiltedRevisit(pipeline.Input("tilted-revisit.mp4"));

        var assetId = await pipeline.AssetAsync(edit);
        var shots = await pipeline.ReadAsync<ShotList>(SegmentFeature.Shots(assetId));
        var dedup = await pipeline.ReadAsync<DedupResult>(DedupFeature.Dedup(assetId));

        Assert.Equal(new[] { 0, 48, 96, 144 }, shots.Shots.Select(s => s.StartFrame).ToArray());
        var summary = Summary(dedup);
        Assert.True(dedup.Shots[0].Kept && dedup.Shots[1].Kept && dedup.Shots[3].Kept, summary);
        Assert.True(dedup.Shots[2] is { Kept: false, DropReason: "duplicate", DuplicateOf: 0 }, summary);
    }

    [Fact]
    public async Task A_craning_shot_returning_at_another_moment_links_although_the_two_share_little_of_the_picture()
    {
        // A, B, A', C: A' is an earlier moment of A's crane down (clouds only), softened. The two score under what two
        // still shots need (two pillarboxed screen shots of one clip reach 0.79), but each changes over its length as much.
        var edit = TestMedia.CraningRevisit(pipeline.Input("craning-revisit.mp4"));

        var assetId = await pipeline.AssetAsync(edit);
        var shots = await pipeline.ReadAsync<ShotList>(SegmentFeature.Shots(assetId));
        var dedup = await pipeline.ReadAsync<DedupResult>(DedupFeature.Dedup(assetId));

        Assert.True(shots.Shots.Count == 4, string.Join(", ", shots.Boundaries.Select(b => $"{b.Kind}@{b.Frame}")));
        var summary = Summary(dedup);
        Assert.True(dedup.Shots[0].Kept && dedup.Shots[1].Kept && dedup.Shots[3].Kept, summary);
        Assert.True(dedup.Shots[2] is { Kept: false, DropReason: "duplicate", DuplicateOf: 0, Similarity: < 0.8 }, summary);
    }

    [Fact]
    public async Task Shots_that_only_share_a_place_a_subject_or_a_palette_are_not_linked()
    {
        // Two crops of one shot 7 s apart, the rock in two lights, two close-ups of hands.
        var edit = TestMedia.SharedPlaceShots(pipeline.Input("shared-place.mp4"));

        var assetId = await pipeline.AssetAsync(edit);
        var shots = await pipeline.ReadAsync<ShotList>(SegmentFeature.Shots(assetId));
        var dedup = await pipeline.ReadAsync<DedupResult>(DedupFeature.Dedup(assetId));

        Assert.Equal(new[] { 0, 48, 96, 144, 192, 240 }, shots.Shots.Select(s => s.StartFrame).ToArray());
        Assert.True(dedup.Shots.All(s => s.Kept), Summary(dedup));
    }

    [Fact]
    public async Task Rooms_of_one_house_and_two_close_ups_of_hands_in_one_film_are_not_linked()
    {
        var dedup = await pipeline.ReadAsync<DedupResult>(DedupFeature.Dedup(await pipeline.AssetAsync(TestMedia.File("issue-195-aspect-ratio.mp4"))));

        Assert.DoesNotContain(dedup.Shots, s => s.DropReason == "duplicate");
    }

    private static string Summary(DedupResult dedup) =>
        string.Join("; ", dedup.Shots.Select(v => $"{v.Index}: {v.DropReason ?? "kept"} {v.DuplicateOf} {v.Similarity}"));
}
