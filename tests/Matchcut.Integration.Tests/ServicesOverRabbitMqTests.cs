using System.Text;
using System.Text.Json;
using Matchcut.AllInOne;
using Matchcut.Contracts;
using Matchcut.Pipeline;
using Matchcut.ServiceDefaults;
using Matchcut.Storage;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;

namespace Matchcut.Integration.Tests;

/// <summary>The seven services as separate processes over a real RabbitMQ node and an S3 server, and what production does to them.</summary>
[TestCaseOrderer("Matchcut.Integration.Tests.DeclarationOrderer", "Matchcut.Integration.Tests")]
public sealed class ServicesOverRabbitMqTests(ServicesFixture services) : IClassFixture<ServicesFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task Two_titles_are_indexed_with_the_same_results_as_the_all_in_one_run()
    {
        var files = new[] { "counter.mp4", "delayed_start.mp4" };
        var landings = files.Select((f, i) => services.LandAsync($"int-title-{i}", Media(f), Patience)).ToList();
        var outcomes = await Task.WhenAll(landings);
        Assert.All(outcomes, o => Assert.True(o.Succeeded, o.Failed?.Reason));

        var reference = Directory.CreateTempSubdirectory("matchcut-reference-").FullName;
        try
        {
            using var host = AllInOneHost.Build(new Dictionary<string, string?>
            {
                ["Storage:Root"] = reference,
                ["Media:ScratchFolder"] = Path.Combine(reference, "scratch"),
                ["Ingest:AllowedRoots:0"] = services.MediaFolder,
            });
            await host.StartAsync();
            var tracker = host.Services.GetRequiredService<PipelineTracker>();
            var bus = host.Services.GetRequiredService<MassTransit.IBus>();
            foreach (var (file, outcome) in files.Zip(outcomes))
            {
                var expected = tracker.Expect("reference", Media(file));
                await bus.Publish(new AssetLanded("reference", Media(file)));
                var local = await expected.WaitAsync(Patience);
                Assert.Equal(outcome.AssetId, local.AssetId);
                var fs = host.Services.GetRequiredService<IObjectStore>();
                foreach (var key in new[] { SegmentFeature.Shots(local.AssetId!), DedupFeature.Dedup(local.AssetId!), ScoreFeature.Matches(local.AssetId!) })
                    Assert.Equal(Canonical(await fs.GetBytesAsync(key)), Canonical(await services.Store.GetBytesAsync(key)));
            }
            await host.StopAsync();
        }
        finally
        {
            Directory.Delete(reference, recursive: true);
        }
        AssertIndexedOnce("int-title-0", outcomes[0].AssetId!);
        AssertIndexedOnce("int-title-1", outcomes[1].AssetId!);
    }

    [Fact]
    public async Task Killing_ShotSegment_mid_asset_and_restarting_it_loses_and_duplicates_nothing()
    {
        var standardized = services.SeenAsync(m => m is AssetStandardized { TitleId: "int-kill" });
        var segmented = services.SeenAsync(m => m is ShotsSegmented { TitleId: "int-kill" });
        var landing = services.LandAsync("int-kill", Media("issue-134-rotate.mp4"), Patience);
        await standardized.WaitAsync(Patience);
        await Task.Delay(300);
        Assert.False(segmented.IsCompleted, "ShotSegment finished before it could be killed");
        services.Kill("ShotSegment");
        await Task.Delay(1000);
        services.Start("ShotSegment");
        await services.WaitReadyAsync("ShotSegment");
        var outcome = await landing;
        Assert.True(outcome.Succeeded, outcome.Failed?.Reason);
        await Task.Delay(2000);
        AssertIndexedOnce("int-kill", outcome.AssetId!);
    }

    [Fact]
    public async Task Restarting_RabbitMQ_mid_run_loses_nothing()
    {
        var ingested = services.SeenAsync(m => m is AssetIngested { TitleId: "int-broker" });
        var landing = services.LandAsync("int-broker", Media("fades.mp4"), Patience);
        await ingested.WaitAsync(Patience);
        await services.ScriptAsync("rabbitmq.sh", $"stop {services.RabbitPort}", ("RABBITMQ_TEST_DIR", services.RabbitFolder));
        await services.ScriptAsync("rabbitmq.sh", $"start {services.RabbitPort}", ("RABBITMQ_TEST_DIR", services.RabbitFolder));
        var outcome = await landing;
        Assert.True(outcome.Succeeded, outcome.Failed?.Reason);
        await Task.Delay(2000);
        AssertIndexedOnce("int-broker", outcome.AssetId!);
    }

    [Fact]
    public async Task An_object_store_gone_for_ten_seconds_delays_but_loses_nothing()
    {
        await services.ScriptAsync("s3rver.sh", $"stop {services.S3Port}", ("S3RVER_DATA_DIR", services.StoreFolder));
        var landing = services.LandAsync("int-s3-outage", Media("sintel_5s.mp4"), Patience);
        await Task.Delay(TimeSpan.FromSeconds(10));
        await services.ScriptAsync("s3rver.sh", $"start {services.S3Port}", ("S3RVER_DATA_DIR", services.StoreFolder));
        var outcome = await landing;
        Assert.True(outcome.Succeeded, outcome.Failed?.Reason);
        await Task.Delay(2000);
        AssertIndexedOnce("int-s3-outage", outcome.AssetId!);
    }

    [Fact]
    public async Task A_malformed_message_and_a_missing_object_fail_alone_and_other_work_goes_on()
    {
        var factory = new ConnectionFactory { HostName = "127.0.0.1", Port = services.RabbitPort, UserName = "guest", Password = "guest" };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var properties = new BasicProperties { ContentType = "application/vnd.masstransit+json", Persistent = true };
        await channel.BasicPublishAsync("", "ingest", mandatory: false, properties, Encoding.UTF8.GetBytes("{ this is not json"));

        var missing = await services.LandAsync("int-missing", "s3://matchcut/incoming/no-such-object.mp4", Patience);
        Assert.False(missing.Succeeded);
        Assert.Contains("no object", missing.Failed!.Reason, StringComparison.OrdinalIgnoreCase);
        Assert.False(missing.Failed.Retriable);

        var next = await services.LandAsync("int-after-bad", Media("goldeneye-vfr-drop3.mp4"), Patience);
        Assert.True(next.Succeeded, next.Failed?.Reason);

        var error = await channel.QueueDeclarePassiveAsync("ingest_error");
        Assert.True(error.MessageCount >= 1, "the malformed message waits in ingest_error");
    }

    private string Media(string file) => Path.Combine(services.MediaFolder, file);

    private void AssertIndexedOnce(string title, string assetId) =>
        Assert.Equal(1, services.Indexed.GetValueOrDefault((title, assetId)));

    /// <summary>JSON with its formatting normalized, so documents compare by content.</summary>
    private static string Canonical(byte[] json) => JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement);
}
