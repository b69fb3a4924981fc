using Matchcut.Encoders.Shots;
using Matchcut.Hosting;
using Matchcut.Hosting.Documents;

namespace Matchcut.Encoders.Tests;

[Collection(EncodedPipelineCollection.Name)]
public sealed class NeuralDedupTests(EncodedPipelineFixture pipeline)
{
    [Fact]
    public async Task An_A_B_A_prime_splice_of_real_footage_groups_A_prime_with_A_by_the_neural_vector()
    {
        // A and A' are two stretches of one Big Buck Bunny shot (283-375); B comes from the next shot.
        var splice = pipeline.Input("splice-a-b-a.mp4");
        TestMedia.Ffmpeg("-i", TestMedia.File("bbb_0_30.webm"), "-filter_complex",
            "[0:v]trim=start_frame=286:end_frame=326,setpts=PTS-STARTPTS[a];" +
            "[0:v]trim=start_frame=420:end_frame=470,setpts=PTS-STARTPTS[b];" +
            "[0:v]trim=start_frame=332:end_frame=372,setpts=PTS-STARTPTS[c];" +
            "[a][b][c]concat=n=3:v=1:a=0,format=yuv420p[out]",
            "-map", "[out]", "-c:v", "libx264", "-preset", "veryfast", "-crf", "18", splice);

        var dedup = await pipeline.ReadAsync<DedupResult>(AssetKeys.Dedup(await pipeline.AssetAsync(splice)));

        Assert.Equal(FrameVector.Method, dedup.Descriptor);
        Assert.Equal(3, dedup.Shots.Count);
        Assert.True(dedup.Shots[0].Kept && dedup.Shots[1].Kept);
        Assert.Equal(("duplicate", 0), (dedup.Shots[2].DropReason, dedup.Shots[2].DuplicateOf));
    }

    [Fact]
    public async Task The_two_leaf_on_rock_shots_in_other_light_are_not_duplicates()
    {
        var assetId = await pipeline.AssetAsync(TestMedia.File("testvideo.mp4"));
        var shots = await pipeline.ReadAsync<ShotList>(AssetKeys.Shots(assetId));
        var dedup = await pipeline.ReadAsync<DedupResult>(AssetKeys.Dedup(assetId));

        var leaf = shots.Shots.Single(s => s.StartFrame <= 100 && 100 <= s.EndFrame).Index;
        var leafAgain = shots.Shots.Single(s => s.StartFrame <= 450 && 450 <= s.EndFrame).Index;

        Assert.Equal(FrameVector.Method, dedup.Descriptor);
        Assert.True(dedup.Shots[leaf].Kept);
        Assert.True(dedup.Shots[leafAgain].Kept, $"similarity {dedup.Shots[leafAgain].Similarity} to an earlier shot");
    }
}
