using System.Collections.Concurrent;
using System.Diagnostics;
using MassTransit;
using Matchcut.AllInOne;
using Matchcut.Contracts;
using Matchcut.Pipeline;
using Matchcut.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Matchcut.Integration.Tests;

/// <summary>
/// Quorum queues with a delivery limit on a real RabbitMQ node: the Ingest and StandardizedEncode services as processes
/// over a filesystem store, StandardizedEncode killed (SIGKILL) each time its ffmpeg starts on the message.
/// </summary>
[TestCaseOrderer("Matchcut.Integration.Tests.DeclarationOrderer", "Matchcut.Integration.Tests")]
public sealed class DeliveryLimitOverRabbitMqTests(DeliveryLimitFixture services) : IClassFixture<DeliveryLimitFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_stage_queue_is_a_quorum_queue_with_the_delivery_limit_on_a_broker_with_a_long_consumer_timeout()
    {
        var queues = await services.QueuesAsync();
        var standardize = queues["standardize"];
        Assert.Equal("quorum", standardize.Type);
        // Three deliveries: RabbitMQ dead-letters on the return after x-delivery-limit returns.
        Assert.True(standardize.Arguments.Contains("{\"x-delivery-limit\",2}"), standardize.Arguments);
        Assert.True(standardize.Arguments.Contains("{\"x-dead-letter-routing-key\",\"standardize_delivery-limit\"}"), standardize.Arguments);
        Assert.True(standardize.Arguments.Contains("{\"x-dead-letter-strategy\",\"at-least-once\"}"), standardize.Arguments);
        Assert.True(queues.ContainsKey("standardize_delivery-limit"), "the dead-letter queue is declared at start-up");

        var timeout = await services.CtlAsync("eval", "application:get_env(rabbit, consumer_timeout).");
        Assert.Equal("{ok,183600000}", timeout.Trim());
    }

    [Fact]
    public async Task A_message_completes_normally_on_the_quorum_queue()
    {
        var standardized = services.SeenAsync(m => m is AssetStandardized { TitleId: "dl-normal" });
        await services.LandAsync("dl-normal", TestMedia.File("counter.mp4"));
        await standardized.WaitAsync(Patience);
        Assert.DoesNotContain(services.Events, e => e is AssetFailed { TitleId: "dl-normal" });
    }

    [Fact]
    public async Task A_message_whose_process_is_killed_each_time_ends_in_one_AssetFailed_and_is_not_redelivered()
    {
        const string title = "dl-kill";
        var failed = services.SeenAsync(m => m is AssetFailed { TitleId: title });
        await services.LandAsync(title, TestMedia.File("bbb_0_30.webm"));
        var kills = 0;
        while (!failed.IsCompleted)
        {
            Assert.True(kills <= DeliveryLimitFixture.DeliveryLimit, $"killed {kills} times and still no AssetFailed");
            if (!await services.WaitForFfmpegAsync(failed, Patience)) break;
            services.KillEncode();
            kills++;
            services.StartEncode();
        }
        await failed.WaitAsync(Patience);
        Assert.Equal(DeliveryLimitFixture.DeliveryLimit, kills);

        // Nothing comes back: no ffmpeg starts again, no second failure, no result.
        Assert.False(await services.WaitForFfmpegAsync(Task.Delay(5000), Patience), "the message was delivered again after its AssetFailed");
        var failure = Assert.Single(services.Events.OfType<AssetFailed>(), f => f.TitleId == title);
        Assert.Equal(PipelineStages.StandardizedEncode, failure.Stage);
        Assert.Matches("^[0-9a-f]{16}$", failure.AssetId);
        Assert.True(failure.Reason.Contains("on 'standardize' was delivered 3 times and never completed: the process handling it stopped each time"), failure.Reason);
        Assert.EndsWith("; Bus:RabbitMq:DeliveryLimit is 3).", failure.Reason);
        Assert.True(failure.Retriable);
        Assert.DoesNotContain(services.Events, e => e is AssetStandardized { TitleId: title });

        // Kept where the bus's other failed messages are, out of the stage queue and its dead-letter queue.
        var queues = await services.QueuesAsync();
        Assert.Equal(0, queues["standardize"].Messages);
        Assert.Equal(0, queues["standardize_delivery-limit"].Messages);
        Assert.Equal(1, queues["standardize_error"].Messages);
        Assert.Equal("classic", queues["standardize_error"].Type);
    }
}

/// <summary>A RabbitMQ node, the Ingest and StandardizedEncode services as processes sharing a filesystem store, and a client bus.</summary>
public sealed class DeliveryLimitFixture : IAsyncLifetime
{
    public const int DeliveryLimit = 3;
    private const string Encode = "StandardizedEncode";
    private const string Ingest = "Ingest";

    private readonly string _root = TestProcesses.FindRoot();
    private readonly string _work = Directory.CreateTempSubdirectory("matchcut-delivery-limit-").FullName;
    private readonly int _port = TestProcesses.FreePort();
    private readonly Dictionary<string, (Process Process, string Url)> _running = [];
    private IHost _client = null!;

    public ConcurrentQueue<object> Events { get; } = [];

    private (string, string) NodeFolder => ("RABBITMQ_TEST_DIR", Path.Combine(_work, "rabbitmq"));

    public async Task InitializeAsync()
    {
        await TestProcesses.ScriptAsync(_root, "rabbitmq.sh", $"start {_port}", NodeFolder);
        foreach (var service in new[] { Ingest, Encode }.Where(s => !File.Exists(DllOf(s))))
            await TestProcesses.RunAsync("dotnet", $"build {Path.Combine(_root, "services", service)} -c {Configuration} -v q -nologo", _root);
        Start(Ingest);
        Start(Encode);
        await WaitReadyAsync(Ingest);
        await WaitReadyAsync(Encode);
        _client = Host.CreateDefaultBuilder().ConfigureServices(s =>
        {
            s.AddSingleton<PipelineTracker>();
            s.AddMassTransit(x =>
            {
                x.AddConsumer<PipelineProgressConsumer>().Endpoint(e => e.Name = $"delivery-limit-progress-{_port}");
                x.UsingRabbitMq((context, cfg) =>
                {
                    cfg.Host("127.0.0.1", (ushort)_port, "/", h => { h.Username("guest"); h.Password("guest"); });
                    cfg.ConfigureEndpoints(context);
                });
            });
        }).Build();
        _client.Services.GetRequiredService<PipelineTracker>().Progress += Events.Enqueue;
        await _client.StartAsync();
        await _client.Services.GetRequiredService<IBusControl>().WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromMinutes(1));
    }

    public Task LandAsync(string title, string source) => _client.Services.GetRequiredService<IBus>().Publish(new AssetLanded(title, source));

    /// <summary>Completes when the client sees a message <paramref name="match"/> accepts (also one seen already).</summary>
    public async Task SeenAsync(Func<object, bool> match)
    {
        while (!Events.Any(match)) await Task.Delay(50);
    }

    public void StartEncode() => Start(Encode);

    public void KillEncode()
    {
        var p = _running[Encode].Process;
        p.Kill(entireProcessTree: true);
        p.WaitForExit();
    }

    /// <summary>True once StandardizedEncode runs an ffmpeg; false when <paramref name="until"/> completes first.</summary>
    public async Task<bool> WaitForFfmpegAsync(Task until, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!until.IsCompleted)
        {
            var p = _running[Encode].Process;
            if (p.HasExited) throw new InvalidOperationException($"{Encode} exited ({p.ExitCode}): {Tail(Encode)}");
            if (ChildrenOf(p.Id).Contains("ffmpeg")) return true;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{Encode} started no ffmpeg in {timeout}: {Tail(Encode)}");
            await Task.Delay(20);
        }
        return false;
    }

    /// <summary>Names of the processes whose parent is <paramref name="pid"/> (from /proc/*/stat).</summary>
    private static List<string> ChildrenOf(int pid)
    {
        var names = new List<string>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out _)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var close = stat.LastIndexOf(')');
                var fields = stat[(close + 2)..].Split(' ');
                if (int.Parse(fields[1]) == pid) names.Add(stat[(stat.IndexOf('(') + 1)..close]);
            }
            catch (IOException) { } // gone meanwhile
        }
        return names;
    }

    public sealed record QueueInfo(string Type, long Messages, string Arguments);

    public async Task<Dictionary<string, QueueInfo>> QueuesAsync()
    {
        var text = await CtlAsync("-q", "list_queues", "name", "type", "messages", "arguments");
        var queues = new Dictionary<string, QueueInfo>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var cells = line.Split('\t');
            if (cells.Length >= 4 && long.TryParse(cells[2], out var messages)) queues[cells[0]] = new QueueInfo(cells[1], messages, cells[3]);
        }
        return queues;
    }

    public async Task<string> CtlAsync(params string[] args)
    {
        var info = new ProcessStartInfo("bash", [Path.Combine(_root, "scripts", "rabbitmq.sh"), "ctl", _port.ToString(), .. args])
        {
            UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        info.Environment[NodeFolder.Item1] = NodeFolder.Item2;
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0) throw new InvalidOperationException($"rabbitmqctl {string.Join(' ', args)} failed: {await stderr}");
        return await stdout;
    }

    private void Start(string service)
    {
        var info = new ProcessStartInfo("dotnet", DllOf(service)) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        var env = info.Environment;
        env["Bus__Transport"] = "RabbitMq";
        env["Bus__RabbitMq__Host"] = "127.0.0.1";
        env["Bus__RabbitMq__Port"] = _port.ToString();
        env["Bus__RabbitMq__DeliveryLimit"] = DeliveryLimit.ToString();
        env["Bus__RetryIntervalsMs__0"] = "100";
        env["Bus__RedeliveryIntervalsSec__0"] = "1";
        env["Storage__Kind"] = "FileSystem";
        env["Storage__Root"] = Path.Combine(_work, "store");
        env["Media__ScratchFolder"] = Path.Combine(_work, "scratch", service);
        // One thread: the encode lasts long enough to be caught at it.
        env["Media__Threads"] = "1";
        env["Ingest__AllowedRoots__0"] = TestMedia.Folder;
        env["Logging__LogLevel__Default"] = "Warning";
        var url = _running.TryGetValue(service, out var before) ? before.Url : $"http://127.0.0.1:{TestProcesses.FreePort()}";
        env["ASPNETCORE_URLS"] = url;
        var log = LogOf(service);
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_running) File.AppendAllText(log, e.Data + "\n"); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_running) File.AppendAllText(log, e.Data + "\n"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _running[service] = (process, url);
    }

    private async Task WaitReadyAsync(string service)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            var (process, url) = _running[service];
            if (process.HasExited) throw new InvalidOperationException($"{service} exited ({process.ExitCode}): {Tail(service)}");
            try
            {
                if ((await http.GetAsync($"{url}/health")).IsSuccessStatusCode) return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException) { }
            await Task.Delay(250);
        }
        throw new TimeoutException($"{service} did not become ready: {Tail(service)}");
    }

    private string LogOf(string service) => Path.Combine(_work, $"{service}.log");

    private string Tail(string service)
    {
        lock (_running) return File.Exists(LogOf(service)) ? string.Join('\n', File.ReadLines(LogOf(service)).TakeLast(30)) : "(no output)";
    }

    private static string Configuration =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";

    private string DllOf(string service) => Path.Combine(_root, "services", service, "bin", Configuration, "net10.0", $"Matchcut.{service}.dll");

    public async Task DisposeAsync()
    {
        try { await _client.StopAsync(); } catch { /* the node may be gone already */ }
        foreach (var (process, _) in _running.Values)
            if (!process.HasExited) { process.Kill(entireProcessTree: true); process.WaitForExit(); }
        await TestProcesses.ScriptAsync(_root, "rabbitmq.sh", $"stop {_port}", NodeFolder);
        try { Directory.Delete(_work, recursive: true); } catch (IOException) { }
    }
}
