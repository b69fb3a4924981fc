using System.Collections.Concurrent;
using MassTransit;
using Matchcut.Contracts;
using Matchcut.Pipeline;
using Matchcut.AllInOne;
using Matchcut.ServiceDefaults;
using Matchcut.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RabbitMQ.Client;
using Matchcut.Stages;

namespace Matchcut.Integration.Tests;

/// <summary>
/// Delayed redelivery on a stock RabbitMQ node (no delayed-message-exchange plugin): the bus as every service
/// configures it, with short retries and redelivery intervals of 1 s then 2 s.
/// </summary>
public sealed class RedeliveryOverRabbitMqTests(RedeliveryFixture bus) : IClassFixture<RedeliveryFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_message_failing_past_its_retries_waits_in_the_broker_for_each_interval_then_succeeds()
    {
        var probe = new RedeliveryProbe(Guid.NewGuid().ToString("n"), FailedDeliveries: 2);
        await bus.Publish(probe);
        await bus.Log.WaitAsync(() => bus.Log.Succeeded.ContainsKey(probe.Id), Patience, probe.Id);

        var attempts = bus.Log.AttemptsOf(probe.Id);
        // One retry in process per delivery, then the broker: deliveries 0 and 1 fail twice each, delivery 2 succeeds.
        Assert.Equal([(0, 0), (0, 1), (1, 0), (1, 1), (2, 0)], attempts.Select(a => (a.Redelivery, a.Retry)).ToArray());
        // The waits are the broker's TTLs (1 s, then 2 s), not the 100 ms retry.
        Assert.InRange((attempts[2].At - attempts[1].At).TotalSeconds, 0.95, 10);
        Assert.InRange((attempts[4].At - attempts[3].At).TotalSeconds, 1.95, 10);

        Assert.Equal(0u, await bus.MessageCountAsync("redelivery-probe_error"));
        Assert.Equal(0u, await bus.MessageCountAsync(Redelivery.WaitQueueName(TimeSpan.FromSeconds(1))));
        Assert.Equal(0u, await bus.MessageCountAsync(Redelivery.WaitQueueName(TimeSpan.FromSeconds(2))));
        Assert.Equal(1, bus.Log.Succeeded[probe.Id]);
    }

    [Fact]
    public async Task The_endpoints_the_wait_queues_return_to_are_not_classic_queues_but_their_error_queues_are()
    {
        // Declaring a classic queue of the same name is refused: the broker names an argument that differs.
        var quorum = await Assert.ThrowsAsync<RabbitMQ.Client.Exceptions.OperationInterruptedException>(() => bus.DeclareClassicAsync("flaky"));
        Assert.True(quorum.Message.Contains("PRECONDITION_FAILED - inequivalent arg"), quorum.Message);
        await bus.DeclareClassicAsync("flaky_error");
    }

    [Fact]
    public async Task A_message_still_failing_after_its_last_redelivery_goes_to_the_error_queue_with_its_count()
    {
        var probe = new RedeliveryProbe(Guid.NewGuid().ToString("n"), FailedDeliveries: int.MaxValue);
        await bus.Publish(probe);
        await bus.Log.WaitAsync(() => bus.Log.AttemptsOf(probe.Id).Count >= 6, Patience);

        var error = await bus.WaitForErrorAsync("redelivery-probe_error", probe.Id, Patience);
        Assert.Equal(2, Convert.ToInt32(error.Headers![Redelivery.CountHeader]));
        await Task.Delay(3000); // nothing more comes back
        Assert.Equal(6, bus.Log.AttemptsOf(probe.Id).Count);
        Assert.False(bus.Log.Succeeded.ContainsKey(probe.Id));
        // Its consumer reports nothing itself: the bus does, once, naming the message and the fault.
        var failure = Assert.Single(bus.Events.OfType<AssetFailed>(), f => f.Stage == "redelivery-probe");
        Assert.Contains("ended unprocessed", failure.Reason);
        Assert.Contains(error.MessageId!, failure.Reason);
        Assert.True(failure.Retriable);
    }

    [Fact]
    public async Task A_stage_failing_only_on_its_first_delivery_publishes_its_result_once_and_no_failure()
    {
        var asset = Guid.NewGuid().ToString("n")[..16]; // an asset id: 16 hex digits
        await bus.Publish(new ShotsScored(asset, FlakyConsumer.FailingAttempts(2), FeatureManifest.Empty));
        await bus.Log.WaitAsync(() => bus.Events.Any(e => e is ShotsIndexed i && i.AssetId == asset), Patience);
        await Task.Delay(1500);

        Assert.Single(bus.Events, e => e is ShotsIndexed i && i.AssetId == asset);
        Assert.DoesNotContain(bus.Events, e => e is AssetFailed f && f.AssetId == asset);
        Assert.Equal(3, FlakyConsumer.Attempts[asset]);
    }

    [Fact]
    public async Task A_stage_failing_every_time_publishes_one_retriable_AssetFailed_after_its_last_redelivery()
    {
        var asset = Guid.NewGuid().ToString("n")[..16]; // an asset id: 16 hex digits
        var sent = DateTime.UtcNow;
        await bus.Publish(new ShotsScored(asset, FlakyConsumer.FailingAttempts(int.MaxValue), FeatureManifest.Empty));
        await bus.Log.WaitAsync(() => bus.Events.Any(e => e is AssetFailed f && f.AssetId == asset), Patience);
        var failedAt = DateTime.UtcNow;
        await bus.WaitForErrorAsync("flaky_error", asset, Patience);
        await Task.Delay(1500);

        var failure = Assert.Single(bus.Events.OfType<AssetFailed>(), f => f.AssetId == asset);
        Assert.Equal("flaky", failure.Stage);
        Assert.True(failure.Retriable);
        Assert.Contains("transient", failure.Reason);
        Assert.Equal(6, FlakyConsumer.Attempts[asset]); // three deliveries of two attempts each
        Assert.True((failedAt - sent).TotalSeconds >= 2.9, "the failure is announced only after both waits");
        Assert.DoesNotContain(bus.Events, e => e is ShotsIndexed i && i.AssetId == asset);
    }
}

public sealed record RedeliveryProbe(string Id, int FailedDeliveries);

public sealed record ProbeAttempt(int Redelivery, int Retry, DateTime At);

/// <summary>What the test consumers saw, shared with the tests.</summary>
public sealed class ProbeLog
{
    private readonly ConcurrentDictionary<string, List<ProbeAttempt>> _attempts = new();

    public ConcurrentDictionary<string, int> Succeeded { get; } = new();

    public void Add(string id, ProbeAttempt attempt)
    {
        var list = _attempts.GetOrAdd(id, _ => []);
        lock (list) list.Add(attempt);
    }

    public List<ProbeAttempt> AttemptsOf(string id)
    {
        if (!_attempts.TryGetValue(id, out var list)) return [];
        lock (list) return [.. list];
    }

    public async Task WaitAsync(Func<bool> condition, TimeSpan timeout, string? id = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("the expected deliveries did not happen in time; attempts seen: "
                    + (id is null ? "" : string.Join(", ", AttemptsOf(id))));
            await Task.Delay(50);
        }
    }
}

/// <summary>Fails while the message's redelivery count is below what the probe asks for.</summary>
public sealed class RedeliveryProbeConsumer(ProbeLog log) : IConsumer<RedeliveryProbe>
{
    public Task Consume(ConsumeContext<RedeliveryProbe> context)
    {
        var redelivery = Redelivery.Count(context);
        log.Add(context.Message.Id, new ProbeAttempt(redelivery, context.GetRetryAttempt(), DateTime.UtcNow));
        if (redelivery < context.Message.FailedDeliveries) throw new IOException($"transient failure on delivery {redelivery}");
        log.Succeeded.AddOrUpdate(context.Message.Id, 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }
}

/// <summary>A pipeline stage whose work fails its first N attempts (N carried in the title), like a flaky dependency.</summary>
public sealed class FlakyConsumer(StageServices services) : StageConsumer<ShotsScored, ShotsIndexed>(services), IStageConsumer
{
    public static ConcurrentDictionary<string, int> Attempts { get; } = new();

    public static string FailingAttempts(int n) => $"fail-{n}";

    static string IStageConsumer.Stage => "flaky";
    protected override string Stage => "flaky";

    private static string Key(ShotsScored m) => $"tests/flaky/{m.AssetId}.json";

    protected override Task<bool> HasResultAsync(ShotsScored m, CancellationToken ct) => Services.Store.ExistsAsync(Key(m), ct);

    protected override async Task ExecuteAsync(ShotsScored m, CancellationToken ct)
    {
        var attempt = Attempts.AddOrUpdate(m.AssetId, 1, (_, n) => n + 1);
        if (attempt <= int.Parse(m.TitleId["fail-".Length..])) throw new IOException($"transient failure on attempt {attempt}");
        await Services.Store.PutBytesAsync(Key(m), "{}"u8.ToArray(), ct: ct);
    }

    protected override Task<ShotsIndexed> ResultEventAsync(ShotsScored m, CancellationToken ct) =>
        Task.FromResult(new ShotsIndexed(m.AssetId, m.TitleId, 0, m.Features));
}

/// <summary>A dedicated RabbitMQ node and one host with the services' bus wiring and the test consumers.</summary>
public sealed class RedeliveryFixture : IAsyncLifetime
{
    private readonly string _root = TestProcesses.FindRoot();
    private readonly string _folder = Directory.CreateTempSubdirectory("matchcut-redelivery-").FullName;
    private readonly int _port = TestProcesses.FreePort();
    private IHost _host = null!;

    public ProbeLog Log { get; } = new();

    public ConcurrentBag<object> Events { get; } = [];

    private (string, string) NodeFolder => ("RABBITMQ_TEST_DIR", Path.Combine(_folder, "rabbitmq"));

    public async Task InitializeAsync()
    {
        await TestProcesses.ScriptAsync(_root, "rabbitmq.sh", $"start {_port}", NodeFolder);
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bus:Transport"] = "RabbitMq",
            ["Bus:RabbitMq:Host"] = "127.0.0.1",
            ["Bus:RabbitMq:Port"] = _port.ToString(),
            ["Bus:RetryIntervalsMs:0"] = "100",
            ["Bus:RedeliveryIntervalsSec:0"] = "1",
            ["Bus:RedeliveryIntervalsSec:1"] = "2",
            ["Storage:Kind"] = "FileSystem",
            ["Storage:Root"] = Path.Combine(_folder, "store"),
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.AddMatchcutDefaults();
        builder.Services.AddObjectStore();
        builder.Services.AddSingleton(Log);
        builder.Services.AddSingleton<PipelineTracker>();
        builder.AddMatchcutStages(x =>
        {
            x.AddConsumer<RedeliveryProbeConsumer>();
            x.AddStage<FlakyConsumer>();
            x.AddConsumer<PipelineProgressConsumer>();
        });
        _host = builder.Build();
        _host.Services.GetRequiredService<PipelineTracker>().Progress += Events.Add;
        await _host.StartAsync();
        await _host.Services.GetRequiredService<IBusControl>().WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromMinutes(1));
    }

    public Task Publish<T>(T message) where T : class => _host.Services.GetRequiredService<IBus>().Publish(message);

    public async Task<uint> MessageCountAsync(string queue)
    {
        await using var connection = await Connect();
        await using var channel = await connection.CreateChannelAsync();
        return (await channel.QueueDeclarePassiveAsync(queue)).MessageCount;
    }

    /// <summary>Declares <paramref name="queue"/> as a durable classic queue; throws when it exists with other arguments.</summary>
    public async Task DeclareClassicAsync(string queue)
    {
        await using var connection = await Connect();
        await using var channel = await connection.CreateChannelAsync();
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);
    }

    /// <summary>The message about <paramref name="id"/> in an error queue, once it is there (others are put back).</summary>
    public async Task<IReadOnlyBasicProperties> WaitForErrorAsync(string queue, string id, TimeSpan timeout)
    {
        await using var connection = await Connect();
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            await using var channel = await connection.CreateChannelAsync();
            var seen = new List<ulong>();
            try
            {
                while (await channel.BasicGetAsync(queue, autoAck: false) is { } got)
                {
                    if (System.Text.Encoding.UTF8.GetString(got.Body.Span).Contains(id))
                    {
                        await channel.BasicAckAsync(got.DeliveryTag, multiple: false);
                        return got.BasicProperties;
                    }
                    seen.Add(got.DeliveryTag);
                }
            }
            catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
            {
                // The error queue is declared when the first message is faulted: not there yet.
                seen.Clear();
            }
            finally
            {
                foreach (var tag in seen) await channel.BasicNackAsync(tag, false, requeue: true);
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"no message about {id} reached {queue}");
    }

    private Task<IConnection> Connect() =>
        new ConnectionFactory { HostName = "127.0.0.1", Port = _port, UserName = "guest", Password = "guest" }.CreateConnectionAsync();

    public async Task DisposeAsync()
    {
        try { await _host.StopAsync(); } catch { /* the node may be gone already */ }
        _host.Dispose();
        await TestProcesses.ScriptAsync(_root, "rabbitmq.sh", $"stop {_port}", NodeFolder);
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
