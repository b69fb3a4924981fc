namespace Matchcut.Gateway.Tests;

/// <summary>The review page in headless Chromium against the gateway and Index API on real Kestrel ports.</summary>
[Collection(StackCollection.Name)]
public sealed class ReviewPageTests(StackFixture stack)
{
    [Fact]
    public async Task Reviewer_sees_pairs_plays_a_transition_marks_a_pair_and_exports_csv()
    {
        await using var index = new IndexApiFactory(stack);
        index.UseKestrel(0);
        index.StartServer();
        await using var gateway = new GatewayFactory(index, index.Address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        gateway.UseKestrel(0);
        gateway.StartServer();
        var page = gateway.Address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal);

        await using var browser = await HeadlessChromium.LaunchAsync();
        await browser.SendAsync("Page.enable");
        await browser.SendAsync("Page.navigate", new { url = $"{page}/#autotest&key={GatewayFactory.ReviewerKey}" });
        var title = "";
        for (var waited = 0; waited < 90 && !title.StartsWith("autotest:", StringComparison.Ordinal); waited++)
        {
            await Task.Delay(1000);
            title = await browser.EvaluateAsync("document.title") ?? "";
        }
        var screenshot = Path.Combine(AppContext.BaseDirectory, "artifacts", "review-page.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        await File.WriteAllBytesAsync(screenshot, await browser.ScreenshotAsync());

        Assert.Equal("autotest:ok", title);
        Assert.True(int.Parse(await browser.EvaluateAsync("String(document.querySelectorAll('.pair').length)") ?? "0", System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal("true", await browser.EvaluateAsync("document.querySelector('.pair').dataset.played || ''"));
        Assert.Equal("good", await browser.EvaluateAsync("document.querySelector('.pair .verdict').textContent"));
        Assert.StartsWith("title,flavour,verdict", await browser.EvaluateAsync("document.getElementById('csv').textContent"));
        Assert.Null(await browser.EvaluateAsync("new URLSearchParams(location.hash.substring(1)).get('key')"));
    }
}
