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

        // Clips come from S3 here: byte ranges read only their part of the object.
        using var api = new HttpClient { BaseAddress = new Uri(services.UrlOf("Index")) };
        await ClipRanges.AssertServedAsync(api, "int-title-0");
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
        var garbage = Encoding.UTF8.GetBytes("{ this is not json");
        var reported = services.SeenAsync(m => m is AssetFailed f
            && f.Reason.Contains(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(garbage)), StringComparison.Ordinal));
        await channel.BasicPublishAsync("", "ingest", mandatory: false, properties, garbage);

        var missing = await services.LandAsync("int-missing", "s3://matchcut/uploads/no-such-object.mp4", Patience);
        Assert.False(missing.Succeeded);
        Assert.Contains("no object", missing.Failed!.Reason, StringComparison.OrdinalIgnoreCase);
        Assert.False(missing.Failed.Retriable);

        var next = await services.LandAsync("int-after-bad", Media("goldeneye-vfr-drop3.mp4"), Patience);
        Assert.True(next.Succeeded, next.Failed?.Reason);

        var error = await channel.QueueDeclarePassiveAsync("ingest_error");
        Assert.True(error.MessageCount >= 1, "the malformed message waits in ingest_error");
        // The body could not be read, so the failure names it by its SHA-256.
        await reported.WaitAsync(Patience);
    }

    /// <summary>
    /// What another team's publisher might send, written by hand as a MassTransit envelope and published with a plain
    /// AMQP client to the exchanges MassTransit binds: each bad one yields exactly one AssetFailed, none is retried into
    /// the error queue, nothing is written for it, and the next valid landing is processed.
    /// </summary>
    [Fact]
    public async Task Hand_written_envelopes_from_a_raw_AMQP_client_each_fail_once_and_leave_nothing()
    {
        var good = await services.LandAsync("int-envelope-good", Media("delayed_start.mp4"), Patience);
        Assert.True(good.Succeeded, good.Failed?.Reason);
        var assetId = good.AssetId!;
        var shotsKey = good.Indexed!.Features.Require(FeatureNames.Shots).Key;

        var source = Media("counter.mp4");
        var numberId = Guid.NewGuid().ToString();
        var cases = new (string Name, string Exchange, string Queue, string Json, Func<AssetFailed, bool> Mine, string Reason)[]
        {
            ("no titleId", "Matchcut.Contracts:AssetLanded", "", Envelope("Matchcut.Contracts:AssetLanded", new { sourceUri = source + "#no-title" }),
                f => f.SourceUri == source + "#no-title", "titleId (missing)"),
            ("title with a slash", "Matchcut.Contracts:AssetLanded", "", Envelope("Matchcut.Contracts:AssetLanded", new { titleId = "int/slash", sourceUri = source + "#slash" }),
                f => f.SourceUri == source + "#slash", "titleId 'int/slash'"),
            ("titleId of the wrong type", "Matchcut.Contracts:AssetLanded", "", Envelope("Matchcut.Contracts:AssetLanded", new { titleId = 5, sourceUri = source + "#number" }, numberId),
                f => f.Reason.Contains(numberId, StringComparison.Ordinal), "could not be read"),
            ("a message type no endpoint takes", "", "ingest", Envelope("Someone.Else:Unknown", new { titleId = "int-unknown", sourceUri = source }),
                f => f.TitleId == "int-unknown", "no consumer"),
            ("manifest key outside the asset", "Matchcut.Pipeline:ShotsSegmented", "", Envelope("Matchcut.Pipeline:ShotsSegmented", new
                {
                    assetId, titleId = "int-envelope-key", shotCount = 3,
                    features = new { features = new Dictionary<string, object> { ["shots"] = new { key = "titles/int-title-0/title.json", version = "v1" } } },
                }), f => f.TitleId == "int-envelope-key", "not under the asset's own prefix"),
            ("asset id that is a path", "Matchcut.Pipeline:ShotsSegmented", "", Envelope("Matchcut.Pipeline:ShotsSegmented", new
                {
                    assetId = "../../titles", titleId = "int-envelope-path", shotCount = 3,
                    features = new { features = new Dictionary<string, object> { ["shots"] = new { key = shotsKey, version = "v1" } } },
                }), f => f.TitleId == "int-envelope-path", "not an asset id"),
        };

        var before = await ListingAsync();
        var factory = new ConnectionFactory { HostName = "127.0.0.1", Port = services.RabbitPort, UserName = "guest", Password = "guest" };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        using (var watch = new FailureWatch(services.Client.Services.GetRequiredService<PipelineTracker>()))
        {
            var properties = new BasicProperties { ContentType = "application/vnd.masstransit+json", Persistent = true };
            foreach (var c in cases)
                await channel.BasicPublishAsync(c.Exchange, c.Queue, mandatory: false, properties, Encoding.UTF8.GetBytes(c.Json));
            // Long enough settling for a second report, a retry or a redelivery to show.
            await watch.AssertOneEachAsync(cases.Select(c => new BadMessageCase(c.Name, c.Mine, c.Reason)).ToList(), TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(3));
        }
        Assert.Equal(before, await ListingAsync());
        Assert.Equal(1u, (await channel.QueueDeclarePassiveAsync("ingest_skipped")).MessageCount);

        var next = await services.LandAsync("int-envelope-after", Media("fades.mp4"), Patience);
        Assert.True(next.Succeeded, next.Failed?.Reason);
    }

    /// <summary>A MassTransit JSON envelope as a publisher in another language would write it.</summary>
    private static string Envelope(string messageType, object message, string? id = null) =>
        JsonSerializer.Serialize(new
        {
            messageId = id ?? Guid.NewGuid().ToString(),
            messageType = new[] { $"urn:message:{messageType}" },
            message,
            sentTime = DateTimeOffset.UtcNow,
            headers = new { },
        });

    /// <summary>Every object in the shared store (s3rver's files) with its size and time, so a write for a bad message shows.</summary>
    private async Task<List<string>> ListingAsync()
    {
        await Task.Delay(1000); // what the last landing's stages still write has landed
        return Directory.EnumerateFiles(services.StoreFolder, "*._S3rver_object", SearchOption.AllDirectories)
            .Select(f => $"{Path.GetRelativePath(services.StoreFolder, f)} {new FileInfo(f).Length} {File.GetLastWriteTimeUtc(f):O}")
            .Order(StringComparer.Ordinal).ToList();
    }

    private string Media(string file) => Path.Combine(services.MediaFolder, file);

    private void AssertIndexedOnce(string title, string assetId) =>
        Assert.Equal(1, services.Indexed.GetValueOrDefault((title, assetId)));

    /// <summary>JSON with its formatting normalized, so documents compare by content.</summary>
    private static string Canonical(byte[] json) => JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement);
}
