using System.Text.Json;
using Matchcut.Pipeline;
using Matchcut.ServiceDefaults;
using Matchcut.Reports;
using Matchcut.Media;

namespace Matchcut.Pipeline.Tests;

[Collection(PipelineCollection.Name)]
public sealed class EndToEndTests(PipelineFixture pipeline)
{
    [Fact]
    public async Task Testvideo_yields_shots_results_and_the_two_leaf_shots_as_a_top_frame_match()
    {
        var outcome = await pipeline.LandAsync("e2e-testvideo", TestMedia.File("testvideo.mp4"));
        Assert.True(outcome.Succeeded, outcome.Failed?.Reason);

        var result = await pipeline.Get<AssetResultBuilder>().BuildAsync(outcome.AssetId!);
        Assert.Equal(720, result.Asset.FrameCount);
        Assert.Equal((1280, 720), (result.Asset.Width, result.Asset.Height));
        var leaf = ShotAt(result, 100);
        var leafAgain = ShotAt(result, 450);
        Assert.True(leaf.Kept && leafAgain.Kept, "both leaf-on-rock shots are kept: other light, so not near-duplicates");

        var frame = result.Matches["frame"];
        var rank = frame.ToList().FindIndex(p => p.A == leaf.Index && p.B == leafAgain.Index);
        Assert.InRange(rank, 0, 2);
        var bestForLeaf = frame.Where(p => p.A == leaf.Index || p.B == leaf.Index).MaxBy(p => p.Score)!;
        Assert.Equal((leaf.Index, leafAgain.Index), (bestForLeaf.A, bestForLeaf.B));
        Assert.All(result.Shots.Where(s => !s.Kept), s => Assert.NotNull(s.DropReason));
    }

    [Fact]
    public async Task Big_buck_bunny_writes_result_json_and_an_offline_report()
    {
        var outcome = await pipeline.LandAsync("e2e-bbb", TestMedia.File("bbb_0_30.webm"));
        Assert.True(outcome.Succeeded, outcome.Failed?.Reason);

        var outFolder = Path.Combine(pipeline.WorkFolder, "out");
        var folder = await pipeline.Get<ResultExporter>().ExportAsync(outcome.AssetId!, outFolder);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "result.json")));
        var root = json.RootElement;
        foreach (var field in new[] { "id", "contentHash", "sourceUri", "fps", "frameCount", "durationSec", "width", "height" })
            Assert.True(root.GetProperty("asset").TryGetProperty(field, out _), $"asset.{field}");
        Assert.Equal("std-v2", root.GetProperty("profile").GetString());
        var starts = root.GetProperty("shots").EnumerateArray().Select(s => s.GetProperty("startFrame").GetInt32()).ToList();
        Assert.Equal(4, starts.Count);
        Assert.All(new[] { 283, 376, 551 }.Zip(starts.Skip(1)), p => Assert.InRange(p.Second, p.First - 1, p.First + 1));
        foreach (var shot in root.GetProperty("shots").EnumerateArray())
        {
            foreach (var field in new[] { "index", "startFrame", "endFrame", "startSec", "endSec", "keyframe", "kept", "dropReason", "duplicateOf" })
                Assert.True(shot.TryGetProperty(field, out _), $"shot.{field}");
            Assert.True(File.Exists(Path.Combine(folder, shot.GetProperty("keyframe").GetString()!)));
        }
        Assert.True(root.GetProperty("matches").TryGetProperty("frame", out _));
        foreach (var stage in Contracts.PipelineStages.All.Skip(1))
            Assert.True(root.GetProperty("timings").TryGetProperty(stage, out _), $"timings.{stage}");

        var html = await File.ReadAllTextAsync(Path.Combine(folder, "report.html"));
        Assert.Contains("last/", html);
        Assert.Contains("first/", html);
        Assert.DoesNotContain("http", html.Replace("http-equiv", ""));
        var shots = await pipeline.ReadAsync<ShotList>(SegmentFeature.Shots(outcome.AssetId!));
        // Pictures are stored by the pipeline; clips are cut when first asked for (ShotSearchApiTests).
        Assert.All(shots.Shots, s => Assert.True(File.Exists(Path.Combine(pipeline.WorkFolder, "store", s.KeyframeKey))));
        Assert.All(shots.Shots, s => Assert.False(File.Exists(Path.Combine(pipeline.WorkFolder, "store", s.ClipKey))));
    }

    [Theory]
    [InlineData("issue-134-rotate.mp4", 152, 360)]
    [InlineData("issue-195-aspect-ratio.mp4", 640, 360)]
    public async Task Standardized_encode_applies_rotation_and_pixel_aspect(string file, int width, int height)
    {
        var outcome = await pipeline.LandAsync($"std-{file}", TestMedia.File(file));
        Assert.True(outcome.Succeeded, outcome.Failed?.Reason);
        var timeline = await pipeline.ReadAsync<StandardTimeline>(StandardizedFeature.Timeline(outcome.AssetId!, StandardizedProfile.Current.Name));
        var encoded = await new VideoProber(new MediaOptions()).ProbeAsync(
            Path.Combine(pipeline.WorkFolder, "store", StandardizedFeature.Video(outcome.AssetId!, StandardizedProfile.Current.Name)));
        Assert.Equal((width, height), (encoded.Width, encoded.Height));
        Assert.Equal(0, encoded.Rotation);
        Assert.Equal(1.0, encoded.SampleAspect);
        Assert.Equal(24, encoded.FrameRate);
        Assert.Equal((width, height), (timeline.Width, timeline.Height));
    }

    private static ShotSummary ShotAt(AssetResult result, int frame) =>
        result.Shots.Single(s => s.StartFrame <= frame && frame <= s.EndFrame);
}
