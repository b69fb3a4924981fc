using Matchcut.Reports;

namespace Matchcut.Pipeline.Tests;

/// <summary>
/// Title cards with other words on one black background look alike to the frame encoder and the colour layout, so dedup
/// dropped every card after the first as its duplicate; the text on them (PP-OCRv4, the models `make test` fetches)
/// tells them apart, while a card shown again with the same words stays a duplicate.
/// </summary>
public sealed class TitleCardDedupTests(TextPipelineFixture pipeline) : IClassFixture<TextPipelineFixture>
{
    [Fact]
    public async Task Cards_with_other_words_are_kept_and_a_card_shown_again_is_its_duplicate()
    {
        var inputs = Directory.CreateDirectory(Path.Combine(pipeline.WorkFolder, "inputs")).FullName;
        var video = TestMedia.WithTitleCards(Path.Combine(inputs, "cards.mp4"), "GET READY", "ONE BIG RABBIT", "COMING SOON", "GET READY");
        var outcome = await pipeline.LandAsync("cards", video);
        Assert.True(outcome.Succeeded, outcome.Failed?.Reason);

        var result = await pipeline.Get<AssetResultBuilder>().BuildAsync(outcome.AssetId!);
        ShotSummary Card(int i) => result.Shots.Single(s => s.StartSec < 3 + 2 * i + 1 && s.EndSec > 3 + 2 * i + 1);
        var (ready, rabbit, soon, readyAgain) = (Card(0), Card(1), Card(2), Card(3));
        Assert.Equal(4, new[] { ready, rabbit, soon, readyAgain }.Select(s => s.Index).Distinct().Count());
        Assert.True(ready.Kept && rabbit.Kept && soon.Kept,
            string.Join("; ", result.Shots.Select(s => $"{s.Index} {s.StartSec:F1}-{s.EndSec:F1} {(s.Kept ? "kept" : s.DropReason + " of " + s.DuplicateOf)}")));
        Assert.False(readyAgain.Kept);
        Assert.Equal(ready.Index, readyAgain.DuplicateOf);
        var dedup = await pipeline.ReadAsync<DedupResult>(DedupFeature.Dedup(outcome.AssetId!));
        Assert.StartsWith("ppocr", dedup.TextCheck);
    }
}

/// <summary>The embedded pipeline as a user runs it (frame encoder, folder models), text on screen required.</summary>
public sealed class TextPipelineFixture() : EmbeddedPipelineFixture("text")
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() => [new("Text:Enabled", "true")];
}
