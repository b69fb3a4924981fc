using Matchcut.TestSupport;
using MassTransit;
using Matchcut.AllInOne;
using Matchcut.Contracts;
using Matchcut.Pipeline;
using Matchcut.ServiceDefaults;
using Matchcut.Reports;
using Matchcut.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Matchcut.Encoders.Tests;

/// <summary>testvideo.mp4 (TRUTH.md): leaf on rock 30-179, deer 211-360, leaf on rock again in other light 394-558, tyre 529-693; all four still.</summary>
[Collection(EncodedPipelineCollection.Name)]
public sealed class MatchQualityTests(EncodedPipelineFixture pipeline)
{
    [Fact]
    public async Task The_two_leaf_on_rock_shots_are_the_top_frame_match_scored_on_the_frames_the_pictures_show()
    {
        var source = TestMedia.File("testvideo.mp4");
        var result = await pipeline.ResultAsync(source);
        var shots = await pipeline.ReadAsync<ShotList>(SegmentFeature.Shots(await pipeline.AssetAsync(source)));
        int leaf = ShotAt(result, 100).Index, leafAgain = ShotAt(result, 450).Index;

        var top = result.Matches[Flavours.Frame][0];
        Assert.True(new[] { top.A, top.B }.Order().SequenceEqual(new[] { leaf, leafAgain }.Order()), $"top frame pair {top}");
        // Every frame pair is the last clean frame of A against the first clean frame of B: the last-frame and
        // first-frame pictures are taken at exactly those standardized frames.
        Assert.All(result.Matches[Flavours.Frame], p =>
        {
            Assert.Equal(shots.Shots[p.A].StdCleanLast, p.AFrame);
            Assert.Equal(shots.Shots[p.B].StdCleanFirst, p.BFrame);
        });
        // Both directions are candidates of their own.
        var directed = result.Matches[Flavours.Frame].Select(p => (p.A, p.B)).ToHashSet();
        Assert.Contains((leafAgain, leaf), directed);
        Assert.Contains((leaf, leafAgain), directed);
    }

    [Fact]
    public async Task No_motion_or_camera_pair_of_still_shots_is_ranked()
    {
        var source = TestMedia.File("testvideo.mp4");
        var result = await pipeline.ResultAsync(source);
        var set = await pipeline.ReadAsync<EmbeddingSet>(EmbedFeature.Embeddings(await pipeline.AssetAsync(source)));

        foreach (var flavour in new[] { Flavours.Motion, Flavours.Camera })
        {
            var leftOut = set.Flavours.Single(f => f.Flavour == flavour).LeftOut!;
            Assert.All(result.Matches[flavour], p => Assert.False(leftOut.Contains(p.A) || leftOut.Contains(p.B), $"{flavour} pair {p}"));
        }
        // The leaf and the deer barely move: left out of both.
        var leaf = ShotAt(result, 100).Index;
        Assert.Contains(leaf, set.Flavours.Single(f => f.Flavour == Flavours.Camera).LeftOut!);
        Assert.Contains(leaf, set.Flavours.Single(f => f.Flavour == Flavours.Motion).LeftOut!);
    }

    [Fact]
    public async Task Result_json_names_the_method_and_model_of_every_flavour_and_weighs_title_tags()
    {
        var result = await pipeline.ResultAsync(TestMedia.File("issue-195-aspect-ratio.mp4"));

        var p = result.Provenance!;
        Assert.Equal(("ResNet18.onnx", 64), (p[Flavours.Frame].Model, p[Flavours.Frame].ModelSha256!.Length));
        Assert.Equal("deeplabv3_mnv2_voc_gap160.onnx", p[Flavours.Silhouette].Model);
        Assert.Equal("yolox_nano_coco_dark5.onnx", p["tags"].Model);
        Assert.Null(p[Flavours.Motion].Model);
        Assert.All(result.Matches.Keys, f => Assert.True(p.ContainsKey(f), f));
        // Title tags: person is on most shots, so it weighs most; weights are min-max normalized.
        Assert.Equal(1.0, result.Tags!["person"]);
        Assert.All(result.Tags.Values, w => Assert.InRange(w, 0.0, 1.0));
    }

    [Fact]
    public async Task A_changed_frame_model_recomputes_and_an_unchanged_one_does_not()
    {
        var work = Directory.CreateTempSubdirectory("matchcut-model-memo-").FullName;
        try
        {
            var model = Path.Combine(work, "ResNet18.onnx");
            File.Copy(Path.Combine(AppContext.BaseDirectory, "DnnImageModels", "ResNet18Onnx", "ResNet18.onnx"), model);
            var settings = new Dictionary<string, string?>
            {
                ["Storage:Root"] = Path.Combine(work, "store"),
                ["Media:ScratchFolder"] = Path.Combine(work, "scratch"),
                ["Ingest:AllowedRoots:0"] = TestMedia.Folder,
                ["Models:ResNet18"] = model,
                ["Models:CacheFolder"] = Path.Combine(work, "cache"),
            };
            var source = TestMedia.File("sintel_5s.mp4");
            var model1 = await RunAsync(settings, source);
            Assert.All(ModelStages, s => Assert.Equal(1, model1[s]));

            var unchanged = await RunAsync(settings, source);
            Assert.All(ModelStages, s => Assert.Equal(0, unchanged[s]));

            // The same weights with a doc string added (ModelProto field 6): another file, another SHA-256.
            await using (var f = File.Open(model, FileMode.Append)) f.Write([0x32, 4, (byte)'t', (byte)'e', (byte)'s', (byte)'t']);
            var changed = await RunAsync(settings, source);
            Assert.All(ModelStages, s => Assert.Equal(1, changed[s]));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static readonly string[] ModelStages = [PipelineStages.Dedup, PipelineStages.EmbedGpu, PipelineStages.Score, PipelineStages.Index];

    private static async Task<Dictionary<string, int>> RunAsync(Dictionary<string, string?> settings, string source)
    {
        using var host = AllInOneHost.Build(settings);
        using var runs = new StageRuns(host.Services);
        await host.StartAsync();
        var outcome = host.Services.GetRequiredService<PipelineTracker>().Expect("memo-model", source);
        await host.Services.GetRequiredService<IBus>().Publish(new AssetLanded("memo-model", source));
        var landed = await outcome.WaitAsync(TimeSpan.FromMinutes(3));
        Assert.True(landed.Succeeded, landed.Failed?.Reason);
        var counts = ModelStages.ToDictionary(s => s, s => runs[s]);
        await host.StopAsync();
        return counts;
    }

    private static ShotSummary ShotAt(AssetResult result, int frame) =>
        result.Shots.Single(s => s.StartFrame <= frame && frame <= s.EndFrame);
}
