using Matchcut.Hosting;
using Matchcut.Hosting.Documents;

namespace Matchcut.Pipeline.Tests;

[Collection(PipelineCollection.Name)]
public sealed class DedupTests(PipelineFixture pipeline)
{
    [Fact]
    public async Task An_A_B_A_prime_splice_groups_A_with_A_prime_and_keeps_B()
    {
        // A and A' are two different stretches of one Big Buck Bunny shot (283-375); B comes from the next shot.
        var splice = pipeline.Input("splice-a-b-a.mp4");
        TestMedia.Ffmpeg("-i", TestMedia.File("bbb_0_30.webm"), "-filter_complex",
            "[0:v]trim=start_frame=286:end_frame=326,setpts=PTS-STARTPTS[a];" +
            "[0:v]trim=start_frame=420:end_frame=470,setpts=PTS-STARTPTS[b];" +
            "[0:v]trim=start_frame=332:end_frame=372,setpts=PTS-STARTPTS[c];" +
            "[a][b][c]concat=n=3:v=1:a=0,format=yuv420p[out]",
            "-map", "[out]", "-c:v", "libx264", "-preset", "veryfast", "-crf", "18", splice);

        var outcome = await pipeline.LandAsync("dedup-splice", splice);

        Assert.True(outcome.Succeeded, outcome.Failed?.Reason);
        var shots = await pipeline.ReadAsync<ShotList>(AssetKeys.Shots(outcome.AssetId!));
        Assert.Equal(new[] { 0, 40, 90 }, shots.Shots.Select(s => s.StartFrame).ToArray());
        var dedup = await pipeline.ReadAsync<DedupResult>(AssetKeys.Dedup(outcome.AssetId!));
        Assert.Equal(Matchcut.Dedup.ShotDescriptorSource.Classical, dedup.Descriptor);
        Assert.True(dedup.Shots[0].Kept);
        Assert.True(dedup.Shots[1].Kept);
        Assert.False(dedup.Shots[2].Kept);
        Assert.Equal("duplicate", dedup.Shots[2].DropReason);
        Assert.Equal(0, dedup.Shots[2].DuplicateOf);
    }
}
