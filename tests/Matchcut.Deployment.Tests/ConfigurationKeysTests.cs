namespace Matchcut.Deployment.Tests;

/// <summary>The key checker itself: it must reject what the binder would silently ignore.</summary>
public class ConfigurationKeysTests
{
    [Theory]
    [InlineData("Bus__RabbitMq__Host", "rabbitmq")]
    [InlineData("bus__rabbitmq__port", "5672")]
    [InlineData("Bus__RetryIntervalsMs__2", "3000")]
    [InlineData("Storage__S3__ForcePathStyle", "true")]
    [InlineData("Storage__S3__RequestTimeout", "00:01:40")]
    [InlineData("Stages__standardized-encode__ConcurrencyLimit", "1")]
    [InlineData("Ingest__AllowedRoots__0", "/media")]
    [InlineData("ASPNETCORE_ENVIRONMENT", "Production")]
    public void Accepts_keys_the_options_bind(string variable, string value) =>
        Assert.Null(ConfigurationKeys.Problem(variable, value));

    [Theory]
    [InlineData("Bus__RabbitMQ__Hostname", "x")]
    [InlineData("Bus__RabbitMq__Port", "not-a-port")]
    [InlineData("Bus__RabbitMq", "x")]
    [InlineData("Bus__RetryIntervalsMs__first", "1")]
    [InlineData("Stages__encode__ConcurrencyLimit", "1")]
    [InlineData("Storage__Bucket", "matchcut")]
    [InlineData("Nonsense__Key", "x")]
    [InlineData("RABBITMQ_HOST", "x")]
    public void Rejects_keys_nothing_binds(string variable, string value) =>
        Assert.NotNull(ConfigurationKeys.Problem(variable, value));

    [Fact]
    public void Pending_keys_are_not_yet_bound_in_code()
    {
        // Once an options class binds one of these, drop it from ConfigurationKeys.Pending so it is checked for real.
        foreach (var key in ConfigurationKeys.Pending)
            Assert.True(ConfigurationKeys.BindingProblem(key, null) is not null, $"{key} binds now: remove it from ConfigurationKeys.Pending");
    }
}
