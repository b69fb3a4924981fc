using Matchcut.Pipeline;
using Matchcut.ServiceDefaults;

namespace Matchcut.Pipeline.Tests;

[Collection(PipelineCollection.Name)]
public sealed class DedupTests(PipelineFixture pipeline)
{
    [Fact]
    public async Task An_A_B_A_prime_splice_groups_A_with_A_prime_and_keeps_B()
    {
        var splice = TestMedia.SpliceABA(pipeline.Input("splice-a-b-a.mp4"));

        var outcome = await pipeline.LandAsync("dedup-splice", splice);

        Assert.True(outcome.Succeeded, outcome.Failed?.Reason);
        var shots = await pipeline.ReadAsync<ShotList>(SegmentFeature.Shots(outcome.AssetId!));
        Assert.Equal(new[] { 0, 40, 90 }, shots.Shots.Select(s => s.StartFrame).ToArray());
        var dedup = await pipeline.ReadAsync<DedupResult>(DedupFeature.Dedup(outcome.AssetId!));
        Assert.Equal(Matchcut.Dedup.ShotDescriptorSource.Classical, dedup.Descriptor);
        Assert.True(dedup.Shots[0].Kept);
        Assert.True(dedup.Shots[1].Kept);
        Assert.False(dedup.Shots[2].Kept);
        Assert.Equal("duplicate", dedup.Shots[2].DropReason);
        Assert.Equal(0, dedup.Shots[2].DuplicateOf);
    }
}
