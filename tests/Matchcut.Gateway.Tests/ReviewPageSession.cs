using Matchcut.TestSupport;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Matchcut.AllInOne;
using Microsoft.Playwright;

namespace Matchcut.Gateway.Tests;

/// <summary>
/// The Index API and the gateway on real Kestrel ports over the fixture's store, and Debian's Chromium driven by
/// Playwright (its NuGet package brings the driver; no browser download): a reviewer at the page with a key.
/// </summary>
public sealed class ReviewPageSession : IAsyncDisposable
{
    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run",
    ];

    private readonly IAsyncDisposable[] _servers;
    private readonly IPlaywright _playwright;
    private readonly IBrowserContext _browser;
    private readonly string _profile;
    private readonly List<string> _pageErrors = [];

    private ReviewPageSession(string address, IAsyncDisposable[] servers, IPlaywright playwright, IBrowserContext browser, string profile, IPage page)
    {
        (_servers, _playwright, _browser, _profile, Page) = (servers, playwright, browser, profile, page);
        Address = address;
        Api = new HttpClient { BaseAddress = new Uri(Address) };
        Api.DefaultRequestHeaders.Add("X-Api-Key", GatewayFactory.ReviewerKey);
        page.PageError += (_, e) => _pageErrors.Add(e);
        // The page works offline: everything it asks for comes from where it was served (or is a blob it made).
        page.Request += (_, r) =>
        {
            if (!r.Url.StartsWith(Address + "/", StringComparison.Ordinal) && !r.Url.StartsWith("blob:", StringComparison.Ordinal) && r.Url != "about:blank")
                _pageErrors.Add($"request outside the page's origin: {r.Url}");
        };
    }

    public IPage Page { get; }

    /// <summary>The page's address (the gateway's or serve's), as the browser reaches it.</summary>
    public string Address { get; }

    /// <summary>The API with the reviewer's key, for checking what the page stored.</summary>
    public HttpClient Api { get; }

    /// <summary>The page through the gateway (which wants a key) in front of the Index service.</summary>
    public static async Task<ReviewPageSession> StartAsync(StackFixture stack)
    {
        var index = new IndexApiFactory(stack);
        var gateway = new GatewayFactory(index);
        var address = gateway.Address; // starts the gateway on Kestrel, and the Index service it forwards to
        await gateway.WaitHealthyAsync();
        return await LaunchAsync(address, gateway, index);
    }

    /// <summary>The page as `matchcut serve` serves it over the fixture's store (no gateway, no key).</summary>
    public static async Task<ReviewPageSession> StartServeAsync(StackFixture stack)
    {
        var port = TestPorts.Free();
        var app = ServeCommand.Build(stack.StoreRoot, $"http://127.0.0.1:{port}", null, new Dictionary<string, string?>
        {
            ["Media:ScratchFolder"] = Path.Combine(stack.WorkFolder, "serve-scratch"),
            ["Logging:LogLevel:Default"] = "Warning",
        });
        await ServeCommand.StartAsync(app, CancellationToken.None);
        return await LaunchAsync($"http://127.0.0.1:{port}", app);
    }

    private static async Task<ReviewPageSession> LaunchAsync(string address, params IAsyncDisposable[] servers)
    {
        var playwright = await Playwright.CreateAsync();
        var profile = Directory.CreateTempSubdirectory("matchcut-chromium-").FullName;
        var browser = await playwright.Chromium.LaunchPersistentContextAsync(profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("MATCHCUT_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ChromiumArgs,
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            AcceptDownloads = true,
        });
        browser.SetDefaultTimeout(30_000);
        var page = browser.Pages.Count > 0 ? browser.Pages[0] : await browser.NewPageAsync();
        return new ReviewPageSession(address, servers, playwright, browser, profile, page);
    }

    /// <summary>Opens the page, types the reviewer's key into the key box and waits for the title picker.</summary>
    public async Task OpenAsync(string key = GatewayFactory.ReviewerKey)
    {
        await Page.GotoAsync(Address + "/");
        await Page.GetByLabel("API key", new() { Exact = true }).FillAsync(key);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Use key" }).ClickAsync();
        if (key == GatewayFactory.ReviewerKey) await Assertions.Expect(Page.GetByRole(AriaRole.Checkbox)).Not.ToHaveCountAsync(0);
    }

    /// <summary>Ticks exactly the given titles in the picker.</summary>
    public async Task PickTitlesAsync(params string[] titles)
    {
        foreach (var box in await Page.GetByRole(AriaRole.Group, new() { Name = "Titles to review" }).GetByRole(AriaRole.Checkbox).AllAsync())
        {
            var title = await box.GetAttributeAsync("value");
            await box.SetCheckedAsync(Array.IndexOf(titles, title) >= 0);
        }
    }

    public Task ShowViewAsync(string name) => Page.GetByRole(AriaRole.Navigation, new() { Name = "Views" })
        .GetByRole(AriaRole.Button, new() { Name = name, Exact = true }).ClickAsync();

    public async Task<JsonNode> GetJsonAsync(string path) =>
        (await Api.GetFromJsonAsync<JsonNode>(path))!;

    /// <summary>Waits until every picture in the open view has loaded (the page loads them as they come into view).</summary>
    public Task WaitForPicturesAsync(string scope = "main .view:not([hidden])") =>
        Page.WaitForFunctionAsync("s => [...document.querySelectorAll(s + ' img')].filter(i => { const r = i.getBoundingClientRect(); "
            + "return r.top < innerHeight && r.left < innerWidth - 40; }).every(i => i.src && i.complete && i.naturalWidth > 0)", scope);

    /// <summary>
    /// A full-page picture of the open view: into MATCHCUT_SCREENSHOTS when set (`make screenshots` sets docs/screenshots),
    /// else next to the test binaries.
    /// </summary>
    public async Task ScreenshotAsync(string name)
    {
        var folder = Environment.GetEnvironmentVariable("MATCHCUT_SCREENSHOTS") is { Length: > 0 } f ? f : Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        var height = await Page.EvaluateAsync<int>("document.documentElement.scrollHeight");
        await Page.SetViewportSizeAsync(1280, Math.Clamp(height, 600, 2400));
        await WaitForPicturesAsync();
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png") });
        await Page.SetViewportSizeAsync(1280, 900);
    }

    /// <summary>Uncaught script errors the page raised, and requests it made elsewhere; a test expects none.</summary>
    public IReadOnlyList<string> PageErrors => _pageErrors;


    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        await _browser.CloseAsync();
        _playwright.Dispose();
        foreach (var server in _servers)
        {
            if (server is Microsoft.AspNetCore.Builder.WebApplication app) await app.StopAsync();
            await server.DisposeAsync();
        }
        try { Directory.Delete(_profile, recursive: true); } catch (IOException) { /* chromium may still be writing */ }
    }
}
