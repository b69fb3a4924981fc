using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Matchcut.Gateway.Tests;

/// <summary>
/// The review page's words search in Debian's Chromium through the gateway, over real footage with a drawtext title
/// card "GET READY" (3-5 s) that EmbedGpu read with PP-OCRv4: typing a word of the card finds its shot, saying why.
/// </summary>
public sealed class ReviewPageTextTests(TitleCardStackFixture stack) : ReviewPageTest(stack), IClassFixture<TitleCardStackFixture>
{
    private const string Title = TitleCardStackFixture.Title;

    [Theory]
    [InlineData("ready", "text 'READY' 0.9")]
    [InlineData("Reddy", "text 'READY' for 'reddy' 0.7")]
    public async Task A_word_of_the_title_card_typed_on_the_page_finds_the_card_first_and_says_why(string words, string why)
    {
        var api = await Session.GetJsonAsync($"/api/v1/search?q={Uri.EscapeDataString(words)}&pageSize=24&titles={Title}");
        var expected = api["shots"]!.AsArray().Select(h => (string)h!["shot"]!["shotId"]!).ToList();
        var card = api["shots"]![0]!["shot"]!;
        Assert.InRange((double)card["startSec"]!, 2.8, 3.2);
        Assert.Equal("GET READY", (string)card["text"]![0]!["text"]!);

        await Session.OpenAsync();
        await Session.PickTitlesAsync(Title);
        await Session.ShowViewAsync("Search");
        await Page.GetByLabel("Words", new() { Exact = true }).FillAsync(words);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Find by words" }).ClickAsync();

        await Expect(Page.Locator("#search-summary")).ToContainTextAsync($"{expected.Count} shot(s) for \"{words}\": text '{words.ToLowerInvariant()}'");
        var results = Page.Locator("#search-results .shot");
        await Expect(results).ToHaveCountAsync(expected.Count);
        Assert.Equal(expected, await results.EvaluateAllAsync<string[]>("cards => cards.map(c => c.dataset.shot)"));
        await Expect(results.First.Locator(".shot-name")).ToContainTextAsync(why);
        if (words == "ready") await Session.ScreenshotAsync("search-text");
    }
}
