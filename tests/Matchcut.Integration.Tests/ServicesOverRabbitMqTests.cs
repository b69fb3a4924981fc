namespace Matchcut.Integration.Tests;

public sealed class ServicesOverRabbitMqTests(ServicesFixture services) : IClassFixture<ServicesFixture>
{
    [Fact]
    public async Task A_landed_file_is_indexed_by_the_separate_services()
    {
        var outcome = await services.LandAsync("int-counter", Path.Combine(services.MediaFolder, "counter.mp4"), TimeSpan.FromMinutes(3));
        Assert.True(outcome.Succeeded, outcome.Failed?.Reason);
    }

    [Fact]
    public async Task A_landing_naming_a_missing_object_fails_the_asset()
    {
        var outcome = await services.LandAsync("int-missing", "s3://matchcut/incoming/none", TimeSpan.FromMinutes(1));
        Assert.False(outcome.Succeeded);
    }
}
