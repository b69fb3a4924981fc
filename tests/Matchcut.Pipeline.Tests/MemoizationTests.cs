using Matchcut.TestSupport;
using Matchcut.Contracts;
using Matchcut.Pipeline;
using Matchcut.ServiceDefaults;

namespace Matchcut.Pipeline.Tests;

[Collection(PipelineCollection.Name)]
public sealed class MemoizationTests(PipelineFixture pipeline)
{
    [Fact]
    public async Task The_same_content_renamed_under_another_title_runs_no_stage_again()
    {
        var first = await pipeline.LandAsync("memo-original", TestMedia.File("counter.mp4"));
        Assert.True(first.Succeeded, first.Failed?.Reason);

        var copy = pipeline.Input("renamed-copy-of-counter.mp4");
        File.Copy(TestMedia.File("counter.mp4"), copy, overwrite: true);
        using var runs = new StageRuns(pipeline.Host.Services);

        var again = await pipeline.LandAsync("memo-another-title", copy);

        Assert.True(again.Succeeded, again.Failed?.Reason);
        Assert.Equal(first.AssetId, again.AssetId);
        Assert.All(PipelineStages.All, s => Assert.Equal(0, runs[s]));
        var titles = await pipeline.Get<AssetCatalog>().TitlesOfAssetAsync(first.AssetId!);
        Assert.Contains(titles, t => t.TitleId == "memo-another-title" && t.SourceUri == copy);
        Assert.Contains(titles, t => t.TitleId == "memo-original");
    }
}
