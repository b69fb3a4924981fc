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
}
