using Microsoft.Playwright;

namespace Matchcut.Gateway.Tests;

/// <summary>A review page session in Chromium for each test, failing the test on any error the page threw.</summary>
public abstract class ReviewPageTest(StackFixture stack) : IAsyncLifetime
{
    protected ReviewPageSession Session { get; private set; } = null!;

    protected IPage Page => Session.Page;

    protected StackFixture Stack => stack;

    public async Task InitializeAsync() => Session = await ReviewPageSession.StartAsync(stack);

    public async Task DisposeAsync()
    {
        var errors = Session.PageErrors.ToList();
        await Session.DisposeAsync();
        Assert.Empty(errors);
    }
}
