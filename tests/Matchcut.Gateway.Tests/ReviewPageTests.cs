using System.Text.Json.Nodes;
using System.Xml.Linq;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Matchcut.Gateway.Tests;

/// <summary>
/// The review page in Debian's Chromium through the gateway, on real pipeline output (counter.mp4 and testvideo.mp4):
/// every test clicks or types what a reviewer would, then checks the page and what the API stored.
/// Screenshots of each view go to MATCHCUT_SCREENSHOTS (`make screenshots`: docs/screenshots).
/// </summary>
[Collection(StackCollection.Name)]
public sealed class ReviewPageTests(StackFixture stack) : ReviewPageTest(stack)
{
    private const string Film = "testvideo";
    private const string Other = "counter";

    private ILocator Pairs(string group) => Page.Locator(".pair-group").Filter(new() { Has = Page.GetByRole(AriaRole.Heading, new() { Name = group }) }).Locator(".pair");

    private const int Top = 5;

    /// <summary>Shows the top frame pairs of the titles; returns how many the API has for the first title (at most Top).</summary>
    private async Task<int> ShowPairsAsync(params string[] titles)
    {
        await Session.OpenAsync();
        await Session.PickTitlesAsync(titles);
        await Session.ShowViewAsync("Pairs");
        await Page.GetByLabel("Top", new() { Exact = true }).FillAsync(Top.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Page.GetByRole(AriaRole.Button, new() { Name = "Show pairs" }).ClickAsync();
        var count = (await Session.GetJsonAsync($"/api/v1/titles/{titles[0]}/matches?flavour=frame&k={Top}"))["pairs"]!.AsArray().Count;
        await Expect(Pairs($"Within {titles[0]}")).ToHaveCountAsync(count);
        return count;
    }

    [Fact]
    public async Task Picking_a_title_shows_its_pairs_as_last_frame_of_A_beside_first_frame_of_B_and_plays_the_cut()
    {
        Assert.True(await ShowPairsAsync(Film) > 0, $"{Film} has no frame pairs");
        var first = Pairs($"Within {Film}").First;
        var api = await Session.GetJsonAsync($"/api/v1/titles/{Film}/matches?flavour=frame&k={Top}");
        var top = api["pairs"]![0]!;
        Assert.Equal((string)top["a"]!["shotId"]!, await first.GetAttributeAsync("data-a"));
        Assert.Equal((string)top["b"]!["shotId"]!, await first.GetAttributeAsync("data-b"));
        await Expect(first.GetByRole(AriaRole.Img, new() { Name = "last frame of shot A" })).ToBeVisibleAsync();
        await Expect(first.GetByRole(AriaRole.Img, new() { Name = "first frame of shot B" })).ToBeVisibleAsync();
        await Session.WaitForPicturesAsync("#view-pairs .pair:first-child");

        await first.GetByRole(AriaRole.Button, new() { Name = "Play cut" }).ClickAsync();
        await Expect(Page.Locator("#player-caption")).ToContainTextAsync("playing the end of shot A");
        await Expect(Page.Locator("#player-caption")).ToContainTextAsync("playing the start of shot B", new() { Timeout = 20_000 });
        await Expect(Page.Locator("#player-caption")).ToContainTextAsync("played the cut: pair 1", new() { Timeout = 20_000 });
        Assert.StartsWith("blob:", await Page.Locator("#player").EvaluateAsync<string>("v => v.currentSrc"));
        await Session.ScreenshotAsync("pairs");
    }

    [Fact]
    public async Task Good_and_bad_marks_with_a_note_are_stored_and_shown_again()
    {
        Assert.True(await ShowPairsAsync(Film) >= 2, $"{Film} needs two frame pairs");
        var pairs = Pairs($"Within {Film}");
        var note = $"hand to hand {Guid.NewGuid():N}";
        await pairs.Nth(0).GetByRole(AriaRole.Textbox, new() { Name = "note on pair 1" }).FillAsync(note);
        await pairs.Nth(0).GetByRole(AriaRole.Button, new() { Name = "Good" }).ClickAsync();
        await pairs.Nth(1).GetByRole(AriaRole.Button, new() { Name = "Bad" }).ClickAsync();
        await Expect(pairs.Nth(0).Locator(".verdict")).ToHaveTextAsync("good (saved)");
        await Expect(pairs.Nth(1).Locator(".verdict")).ToHaveTextAsync("bad (saved)");

        var stored = (await Session.GetJsonAsync($"/api/v1/titles/{Film}/reviews"))["reviews"]!.AsArray();
        var good = Review(stored, await pairs.Nth(0).GetAttributeAsync("data-a"), await pairs.Nth(0).GetAttributeAsync("data-b"));
        var bad = Review(stored, await pairs.Nth(1).GetAttributeAsync("data-a"), await pairs.Nth(1).GetAttributeAsync("data-b"));
        Assert.Equal(("good", note), ((string)good["verdict"]!, (string?)good["note"]));
        Assert.Equal("bad", (string)bad["verdict"]!);

        await Page.ReloadAsync();
        await Session.ShowViewAsync("Pairs");
        await Expect(Pairs($"Within {Film}").Nth(0).Locator(".verdict")).ToHaveTextAsync("good (stored)");
        await Expect(Pairs($"Within {Film}").Nth(0).GetByRole(AriaRole.Textbox)).ToHaveValueAsync(note);
    }

    [Fact]
    public async Task Keyboard_moves_between_pairs_and_marks_them()
    {
        Assert.True(await ShowPairsAsync(Film) >= 4, $"{Film} needs four frame pairs");
        var pairs = Pairs($"Within {Film}");
        await pairs.Nth(0).FocusAsync();
        foreach (var k in new[] { "j", "j", "j", "k" }) await Page.Keyboard.PressAsync(k);
        await Expect(pairs.Nth(2)).ToBeFocusedAsync();
        await Page.Keyboard.PressAsync("n");
        await Page.Keyboard.TypeAsync("typed note");
        await Page.Keyboard.PressAsync("Escape");
        await Page.Keyboard.PressAsync("g");
        await Expect(pairs.Nth(2).Locator(".verdict")).ToHaveTextAsync("good (saved)");
        await Page.Keyboard.PressAsync("j");
        await Page.Keyboard.PressAsync("b");
        await Expect(pairs.Nth(3).Locator(".verdict")).ToHaveTextAsync("bad (saved)");

        var stored = (await Session.GetJsonAsync($"/api/v1/titles/{Film}/reviews"))["reviews"]!.AsArray();
        var third = Review(stored, await pairs.Nth(2).GetAttributeAsync("data-a"), await pairs.Nth(2).GetAttributeAsync("data-b"));
        var fourth = Review(stored, await pairs.Nth(3).GetAttributeAsync("data-a"), await pairs.Nth(3).GetAttributeAsync("data-b"));
        Assert.Equal(("good", "typed note"), ((string)third["verdict"]!, (string?)third["note"]));
        Assert.Equal("bad", (string)fourth["verdict"]!);
    }

    [Fact]
    public async Task Shot_strip_lists_every_shot_of_each_picked_title()
    {
        await Session.OpenAsync();
        await Session.PickTitlesAsync(Film, Other);
        foreach (var title in new[] { Film, Other })
        {
            var total = (int)(await Session.GetJsonAsync($"/api/v1/shots?titles={title}&pageSize=1"))["total"]!;
            var strip = Page.Locator($".title-shots[data-title='{title}'] .strip .shot");
            await Expect(strip).ToHaveCountAsync(total);
        }
        await Session.ScreenshotAsync("shots");
    }

    [Fact]
    public async Task Shot_strip_shows_each_shots_tags_and_scale()
    {
        await Session.OpenAsync();
        await Session.PickTitlesAsync(Film);
        var shots = (await Session.GetJsonAsync($"/api/v1/shots?titles={Film}&pageSize=500"))["shots"]!.AsArray();
        var tagged = shots.FirstOrDefault(s => s!["tags"]!.AsArray().Count > 0 && s["scale"] is not null)
            ?? throw new Xunit.Sdk.XunitException($"no shot of {Film} has tags and a scale in GET /shots");
        var card = Page.Locator($".shot[data-shot='{(string)tagged["shotId"]!}']").First;
        await Expect(card.Locator(".scale")).ToHaveTextAsync((string)tagged["scale"]!);
        await Expect(card.GetByRole(AriaRole.Button, new() { Name = $"search shots tagged {(string)tagged["tags"]![0]!}" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Beat_events_show_on_a_timeline_and_pick_their_shots()
    {
        await Session.OpenAsync();
        await Session.PickTitlesAsync(Film);
        var beats = (await Session.GetJsonAsync($"/api/v1/titles/{Film}/beats"))["beats"]!.AsArray();
        Assert.NotEmpty(beats);
        var timeline = Page.GetByRole(AriaRole.Group, new() { Name = $"beat events of {Film}" });
        await Expect(timeline.GetByRole(AriaRole.Button)).ToHaveCountAsync(beats.Count);
        var widest = beats.OrderByDescending(b => b!["shotIds"]!.AsArray().Count).First()!;
        await timeline.Locator(".beat").Nth(beats.IndexOf(widest)).ClickAsync();
        await Expect(Page.Locator(".beat-caption")).ToContainTextAsync($"beat {(int)widest["index"]!}: {(string)widest["label"]!}");
        await Expect(Page.Locator(".strip .shot.in-beat")).ToHaveCountAsync(widest["shotIds"]!.AsArray().Count);
    }

    [Fact]
    public async Task Searching_a_tag_and_scale_finds_the_shots_the_API_finds()
    {
        await Session.OpenAsync();
        await Session.PickTitlesAsync(Film, Other);
        var shots = (await Session.GetJsonAsync($"/api/v1/shots?titles={Film}&pageSize=500"))["shots"]!.AsArray();
        var tagged = shots.FirstOrDefault(s => s!["tags"]!.AsArray().Count > 0)
            ?? throw new Xunit.Sdk.XunitException($"no shot of {Film} has tags in GET /shots, so there is nothing to search for");
        var tag = (string)tagged["tags"]![0]!;
        var expected = (int)(await Session.GetJsonAsync($"/api/v1/shots?tag={tag}&titles={Film},{Other}&pageSize=1"))["total"]!;

        await Session.ShowViewAsync("Search");
        await Page.GetByLabel("Tag", new() { Exact = true }).FillAsync(tag);
        await Page.GetByRole(AriaRole.Region, new() { Name = "Search shots" }).GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
        await Expect(Page.Locator("#search-summary")).ToContainTextAsync($"{expected} shot(s) tagged \"{tag}\"");
        var results = Page.Locator("#search-results .shot");
        await Expect(results).ToHaveCountAsync(Math.Min(expected, 24));
        foreach (var card in await results.AllAsync())
            await Expect(card.GetByRole(AriaRole.Button, new() { Name = $"search shots tagged {tag}", Exact = true })).ToBeVisibleAsync();
        await Session.ScreenshotAsync("search");

        var scale = (string?)tagged["scale"] ?? "wide";
        var withScale = (int)(await Session.GetJsonAsync($"/api/v1/shots?tag={tag}&scale={scale}&titles={Film},{Other}&pageSize=1"))["total"]!;
        await Page.GetByLabel("Scale", new() { Exact = true }).SelectOptionAsync(scale);
        await Page.GetByRole(AriaRole.Region, new() { Name = "Search shots" }).GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
        await Expect(Page.Locator("#search-summary")).ToContainTextAsync($"{withScale} shot(s) tagged \"{tag}\", {scale}");
        foreach (var card in await results.AllAsync()) await Expect(card.Locator(".scale")).ToHaveTextAsync(scale);
    }

    /// <summary>Other words for detector classes, so the page is asked what a user would type rather than the tag itself.</summary>
    private static readonly Dictionary<string, string> OtherWords = new()
    {
        ["person"] = "a woman", ["car"] = "automobile", ["dog"] = "puppy", ["couch"] = "sofa", ["tv"] = "television",
        ["bird"] = "a sparrow", ["teddy bear"] = "stuffed toy", ["airplane"] = "aeroplane", ["cell phone"] = "phone",
    };

    [Fact]
    public async Task Words_and_a_picture_find_on_the_page_the_shots_the_API_finds()
    {
        await Session.OpenAsync();
        await Session.PickTitlesAsync(Film, Other);
        var shots = (await Session.GetJsonAsync($"/api/v1/shots?titles={Film}&pageSize=500"))["shots"]!.AsArray();
        var tag = (string?)shots.FirstOrDefault(s => s!["tags"]!.AsArray().Count > 0)?["tags"]![0]
            ?? throw new Xunit.Sdk.XunitException($"no shot of {Film} has tags in GET /shots, so there is nothing to search for");
        var words = OtherWords.GetValueOrDefault(tag, tag);
        var api = await Session.GetJsonAsync($"/api/v1/search?q={Uri.EscapeDataString(words)}&pageSize=24&titles={Film},{Other}");
        var expected = api["shots"]!.AsArray().Select(h => (string)h!["shot"]!["shotId"]!).ToList();
        Assert.Equal(tag, (string)api["classes"]![0]!["tag"]!);
        Assert.NotEmpty(expected);

        await Session.ShowViewAsync("Search");
        await Page.GetByLabel("Words", new() { Exact = true }).FillAsync(words);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Find by words" }).ClickAsync();
        await Expect(Page.Locator("#search-summary")).ToContainTextAsync($"{(int)api["total"]!} shot(s) for \"{words}\": text ");
        await Expect(Page.Locator("#search-summary")).ToContainTextAsync($"tagged {tag} (");
        var results = Page.Locator("#search-results .shot");
        await Expect(results).ToHaveCountAsync(expected.Count);
        Assert.Equal(expected, await results.EvaluateAllAsync<string[]>("cards => cards.map(c => c.dataset.shot)"));
        // Each card says why it matched, as the API does.
        await Expect(results.First.Locator(".shot-name")).ToContainTextAsync((string)api["shots"]![0]!["why"]![0]!);
        await Session.ScreenshotAsync("search-words");

        // A still of the leaf on the rock (testvideo frames 30-179) finds, on the page, the API's shots in the API's order.
        var still = Path.Combine(Path.GetTempPath(), $"leaf-{Guid.NewGuid():N}.jpg");
        try
        {
            TestMedia.Ffmpeg("-i", TestMedia.File("testvideo.mp4"), "-vf", "select=eq(n\\,100),scale=640:-2", "-frames:v", "1", "-q:v", "3", still);
            using var body = new ByteArrayContent(await File.ReadAllBytesAsync(still));
            body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/jpeg");
            using var answer = await Session.Api.PostAsync($"/api/v1/search/image?k=24&titles={Film},{Other}", body);
            Assert.True(answer.IsSuccessStatusCode, $"{(int)answer.StatusCode}: {await answer.Content.ReadAsStringAsync()}");
            var byPicture = System.Text.Json.Nodes.JsonNode.Parse(await answer.Content.ReadAsStringAsync())!["shots"]!.AsArray()
                .Select(h => (string)h!["shot"]!["shotId"]!).ToList();
            Assert.NotEmpty(byPicture);

            await Page.SetInputFilesAsync("#picture-file", still);
            await Page.GetByRole(AriaRole.Button, new() { Name = "Find by picture" }).ClickAsync();
            await Expect(Page.Locator("#search-summary")).ToContainTextAsync($"{byPicture.Count} shot(s) like {Path.GetFileName(still)}");
            await Expect(results).ToHaveCountAsync(byPicture.Count);
            Assert.Equal(byPicture, await results.EvaluateAllAsync<string[]>("cards => cards.map(c => c.dataset.shot)"));
            await Session.ScreenshotAsync("search-picture");
        }
        finally
        {
            File.Delete(still);
        }

        // Words that are on no shot and stand for no class say so on the page.
        await Page.GetByLabel("Words", new() { Exact = true }).FillAsync("quantum chromodynamics");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Find by words" }).ClickAsync();
        await Expect(Page.Locator("#search-summary")).ToContainTextAsync("stands for none of the detector's classes");
        await Expect(results).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Shots_like_this_finds_shots_of_other_titles()
    {
        await Session.OpenAsync();
        await Session.PickTitlesAsync(Film);
        // A shot that is indexed (dedup dropped some of the strip's shots): the first pair's shot A.
        var source = (string)(await Session.GetJsonAsync($"/api/v1/titles/{Film}/matches?flavour=frame&k=1"))["pairs"]![0]!["a"]!["shotId"]!;
        var shot = Page.Locator($".title-shots[data-title='{Film}'] .strip .shot[data-shot='{source}']");
        await shot.GetByRole(AriaRole.Button, new() { Name = "shots like" }).ClickAsync();

        await Expect(Page.Locator("#similar-of")).ToContainTextAsync($"Shots like {Film} #");
        var results = Page.Locator("#similar-results .shot");
        var api = (await Session.GetJsonAsync($"/api/v1/shots/{source}/similar?flavour=frame&k=12&excludeSameTitle=true"))["shots"]!.AsArray();
        Assert.NotEmpty(api);
        await Expect(results).ToHaveCountAsync(api.Count);
        foreach (var card in await results.AllAsync())
        {
            await Expect(card.Locator(".shot-name")).ToContainTextAsync($"{Other} #");
            await Expect(card.Locator(".shot-name")).ToContainTextAsync("similarity");
        }
        await Session.ScreenshotAsync("similar");
    }

    [Fact]
    public async Task Two_titles_show_pairs_across_titles()
    {
        await ShowPairsAsync(Film, Other);
        var across = Pairs($"Across {Other}, {Film}");
        await Expect(across.First).ToBeVisibleAsync();
        foreach (var card in await across.AllAsync())
        {
            var label = await card.GetAttributeAsync("aria-label") ?? "";
            Assert.Matches($"^pair \\d+: ({Film} #\\d+ to {Other}|{Other} #\\d+ to {Film}) #\\d+$", label);
        }
        await Expect(Pairs($"Within {Film}").First).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Each_flavour_states_the_model_that_made_it_and_the_title_shows_its_tags()
    {
        await Session.OpenAsync();
        await Session.PickTitlesAsync(Film);
        var info = await Session.GetJsonAsync($"/api/v1/titles/{Film}");
        var frame = info["provenance"]!["frame"]!;
        var table = Page.GetByRole(AriaRole.Table, new() { Name = "Which model made each flavour" });
        await Expect(table.GetByRole(AriaRole.Row).Filter(new() { HasText = "frame" })).ToContainTextAsync((string)frame["method"]!);
        var tags = info["tags"]!.AsObject();
        Assert.NotEmpty(tags);
        await Expect(Page.Locator(".title-tags").GetByRole(AriaRole.Button)).ToHaveCountAsync(tags.Count);

        await Session.ShowViewAsync("Pairs");
        await Expect(Page.Locator(".provenance-line").First).ToContainTextAsync($"frame pairs made by {(string)frame["method"]!}");
    }

    // One group a page: Chromium holds back a page's automatic downloads after ten in a row, which is the browser's
    // policy, not the page's behaviour.
    [Theory]
    [InlineData("top-pairs")]
    [InlineData("shots")]
    [InlineData("across")]
    public async Task Each_export_format_downloads_a_file_of_that_format(string name)
    {
        await ShowPairsAsync(Film, Other);
        await Session.ShowViewAsync("Export");
        if (name == "top-pairs") await Session.ScreenshotAsync("export");
        var what = name switch
        {
            "top-pairs" => $"{Film}: top frame pairs",
            "shots" => $"{Film}: shots",
            _ => $"across {Other}, {Film}: top frame pairs across titles",
        };
        foreach (var format in new[] { "EDL", "OTIO", "FCPXML", "CSV" })
        {
            var text = await DownloadAsync($"{what} as {format}", "." + format.ToLowerInvariant());
            var type = format switch { "EDL" => "edl", "OTIO" => "json", "FCPXML" => "xml", _ => "text/csv" };
            Assert.Contains(type, await Page.Locator("#status").TextContentAsync() ?? "", StringComparison.Ordinal);
            Assert.True(Parses(format, text), $"{name} as {format} does not parse as {format}:\n{text[..Math.Min(400, text.Length)]}");
        }
    }

    [Fact]
    public async Task Reviews_download_as_a_csv_cut_list()
    {
        var last = Pairs($"Within {Film}").Nth(await ShowPairsAsync(Film) - 1);
        await last.GetByRole(AriaRole.Textbox).FillAsync("for the csv");
        await last.GetByRole(AriaRole.Button, new() { Name = "Good" }).ClickAsync();
        await Expect(last.Locator(".verdict")).ToHaveTextAsync("good (saved)");
        var pair = $"{await last.GetAttributeAsync("data-a")},";
        await Session.ShowViewAsync("Export");
        var csv = await DownloadAsync($"reviews of {Film} as CSV", ".csv");
        Assert.StartsWith("title,flavour,verdict", csv);
        Assert.Contains(csv.Split('\n'), l => l.Contains(pair, StringComparison.Ordinal) && l.Contains("\"for the csv\",", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_error_from_the_API_is_shown_with_its_message()
    {
        await Session.OpenAsync("not-a-key");
        await Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("401: Unknown API key");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Dismiss error" }).First.ClickAsync();
        await Session.OpenAsync();
        await Expect(Page.GetByRole(AriaRole.Checkbox, new() { Name = Film })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_page_served_by_matchcut_serve_needs_no_key()
    {
        await using var serve = await ReviewPageSession.StartServeAsync(Stack);
        await serve.Page.GotoAsync(serve.Address + "/");
        await Expect(serve.Page.GetByRole(AriaRole.Checkbox, new() { Name = Film })).ToBeVisibleAsync();
        await serve.PickTitlesAsync(Film);
        await serve.ShowViewAsync("Pairs");
        var count = (await serve.GetJsonAsync($"/api/v1/titles/{Film}/matches?flavour=frame&k=8"))["pairs"]!.AsArray().Count;
        await Expect(serve.Page.Locator(".pair")).ToHaveCountAsync(count);
        await serve.WaitForPicturesAsync("#view-pairs .pair:first-child");
        Assert.Empty(serve.PageErrors);
    }

    private async Task<string> DownloadAsync(string button, string extension)
    {
        IDownload download;
        try
        {
            download = await Page.RunAndWaitForDownloadAsync(() => Page.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync(),
                new() { Timeout = 15_000 });
        }
        catch (TimeoutException)
        {
            var errors = await Page.Locator(".error").AllTextContentsAsync();
            throw new Xunit.Sdk.XunitException($"{button} downloaded nothing; the page's errors: [{string.Join(" | ", errors)}]");
        }
        Assert.EndsWith(extension, download.SuggestedFilename, StringComparison.OrdinalIgnoreCase);
        await Expect(Page.Locator("#status")).ToContainTextAsync($"downloaded {download.SuggestedFilename}");
        Assert.DoesNotContain("no content type", await Page.Locator("#status").TextContentAsync() ?? "", StringComparison.Ordinal);
        var path = await download.PathAsync();
        var text = await File.ReadAllTextAsync(path);
        Assert.False(string.IsNullOrWhiteSpace(text), $"{button} downloaded an empty file");
        return text;
    }

    private static bool Parses(string format, string text) => format switch
    {
        "EDL" => text.StartsWith("TITLE:", StringComparison.Ordinal) && text.Split('\n').Any(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\d{3,}\s+\S+\s+\S+\s+C\s+\d\d:\d\d:\d\d[:;]\d\d")),
        "OTIO" => JsonNode.Parse(text)?["OTIO_SCHEMA"]?.ToString().StartsWith("Timeline", StringComparison.Ordinal) == true,
        "FCPXML" => XDocument.Parse(text).Root?.Name.LocalName == "fcpxml",
        "CSV" => text.Split('\n', StringSplitOptions.RemoveEmptyEntries) is { Length: > 1 } lines && lines[0].Contains(','),
        _ => false,
    };

    private static JsonNode Review(JsonArray reviews, string? a, string? b) =>
        reviews.FirstOrDefault(r => (string)r!["a"]! == a && (string)r["b"]! == b && (string)r["flavour"]! == "frame")
        ?? throw new Xunit.Sdk.XunitException($"no stored frame review of {a} -> {b}");
}
