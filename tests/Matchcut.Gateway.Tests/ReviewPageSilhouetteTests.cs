using System.Globalization;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Matchcut.Gateway.Tests;

/// <summary>Footage with people (issue-195-aspect-ratio.mp4), as title "people", so silhouettes have masks to score.</summary>
public sealed class PeopleStackFixture : StackFixture
{
    public const string Title = "people";

    protected override IEnumerable<(string Title, string File)> Sources() => [(Title, TestMedia.File("issue-195-aspect-ratio.mp4"))];
}

/// <summary>
/// Silhouette scores on the review page in Debian's Chromium: they are the IoU of two person masks, not a cosine, and the
/// page says so on each pair and on each shot found like another.
/// </summary>
public sealed class ReviewPageSilhouetteTests(PeopleStackFixture stack) : ReviewPageTest(stack), IClassFixture<PeopleStackFixture>
{
    private const string Title = PeopleStackFixture.Title;

    private static string Score(double score) => score.ToString("0.000", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Silhouette_pairs_and_shots_like_a_shot_are_labelled_mask_IoU_with_the_APIs_scores()
    {
        var api = (await Session.GetJsonAsync($"/api/v1/titles/{Title}/matches?flavour=silhouette&k=5"))["pairs"]!.AsArray();
        Assert.NotEmpty(api);

        await Session.OpenAsync();
        await Session.PickTitlesAsync(Title);
        await Session.ShowViewAsync("Pairs");
        await Page.Locator("#flavour").SelectOptionAsync("silhouette");
        await Page.GetByLabel("Top", new() { Exact = true }).FillAsync("5");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Show pairs" }).ClickAsync();
        var scores = Page.Locator(".pair .score");
        await Expect(scores).ToHaveCountAsync(api.Count);
        for (var i = 0; i < api.Count; i++)
            await Expect(scores.Nth(i)).ToHaveTextAsync($"#{i + 1} mask IoU {Score((double)api[i]!["score"]!)}");
        await Session.ScreenshotAsync("pairs-silhouette");

        // Shots like the first pair's shot A, by silhouette, in this title too.
        var source = (string)api[0]!["a"]!["shotId"]!;
        var similar = (await Session.GetJsonAsync($"/api/v1/shots/{source}/similar?flavour=silhouette&k=12&excludeSameTitle=false"))["shots"]!.AsArray();
        Assert.NotEmpty(similar);
        await Session.ShowViewAsync("Shots");
        await Page.Locator($".title-shots[data-title='{Title}'] .strip .shot[data-shot='{source}']")
            .GetByRole(AriaRole.Button, new() { Name = "shots like" }).ClickAsync();
        // The first answer (frame, other titles only: this is the only title) is in before the flavour changes.
        await Expect(Page.Locator("#similar-results")).ToContainTextAsync("no similar shots indexed in other titles");
        await Page.Locator("#similar-flavour").SelectOptionAsync("silhouette");
        await Page.Locator("#similar-other").UncheckAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Find", Exact = true }).ClickAsync();
        var names = Page.Locator("#similar-results .shot .shot-name");
        await Expect(names).ToHaveCountAsync(similar.Count);
        for (var i = 0; i < similar.Count; i++)
            await Expect(names.Nth(i)).ToContainTextAsync($"mask IoU {Score((double)similar[i]!["score"]!)}");
    }
}
