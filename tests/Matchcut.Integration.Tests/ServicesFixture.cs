using System.Diagnostics;
using MassTransit;
using Matchcut.Contracts;
using Matchcut.Pipeline;
using Matchcut.AllInOne;
using Matchcut.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Matchcut.Integration.Tests;

/// <summary>A dedicated RabbitMQ node, s3rver and the seven services as separate processes; all ended on dispose.</summary>
public sealed class ServicesFixture : IAsyncLifetime
{
    public static readonly string[] Services = ["Ingest", "StandardizedEncode", "ShotSegment", "Dedup", "EmbedGpu", "Score", "Index"];

    public string Root { get; } = FindRoot();
    public string WorkFolder { get; } = Directory.CreateTempSubdirectory("matchcut-integration-").FullName;
    public int RabbitPort { get; } = FreePort();
    public int S3Port { get; } = FreePort();
    public Dictionary<string, Process> Running { get; } = [];
    private Dictionary<string, string> Urls { get; } = [];

    /// <summary>Where a running service listens (its health and, for Index, the query API).</summary>
    public string UrlOf(string service) => Urls[service];
    public IHost Client { get; private set; } = null!;

    /// <summary>ShotsIndexed events seen per asset: exactly one per landing means nothing was duplicated.</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<(string Title, string Asset), int> Indexed { get; } = new();

    /// <summary>The store the services share, as a client sees it.</summary>
    public Storage.IObjectStore Store => _store ??= new Storage.S3.S3ObjectStore(new Storage.S3.S3StorageOptions
    {
        ServiceUrl = $"http://127.0.0.1:{S3Port}", AccessKey = "S3RVER", SecretKey = "S3RVER", Bucket = "matchcut",
        LocalCacheFolder = Path.Combine(WorkFolder, "client-cache"),
    });

    private Storage.IObjectStore? _store;

    public string MediaFolder => TestMedia.Folder;

    public string StoreFolder => Path.Combine(WorkFolder, "s3");

    public string RabbitFolder => Path.Combine(WorkFolder, "rabbitmq");

    public async Task InitializeAsync()
    {
        await ScriptAsync("rabbitmq.sh", $"start {RabbitPort}", ("RABBITMQ_TEST_DIR", RabbitFolder));
        await ScriptAsync("s3rver.sh", $"start {S3Port}", ("S3RVER_DATA_DIR", StoreFolder));
        // The solution build (make test) has built every service next to this test project; build only what is missing.
        foreach (var service in Services.Where(s => !File.Exists(DllOf(s))))
            await RunAsync("dotnet", $"build {Path.Combine(Root, "services", service)} -c {Configuration} -v q -nologo", Root);
        foreach (var service in Services) Start(service);
        // A message published before a service has bound its queue would be dropped: wait until all are ready.
        foreach (var service in Services) await WaitReadyAsync(service);
        Client = Host.CreateDefaultBuilder().ConfigureServices(services =>
        {
            services.AddSingleton<PipelineTracker>();
            services.AddMassTransit(x =>
            {
                x.AddConsumer<PipelineProgressConsumer>().Endpoint(e => e.Name = $"integration-progress-{RabbitPort}");
                x.UsingRabbitMq((context, cfg) =>
                {
                    cfg.Host("127.0.0.1", (ushort)RabbitPort, "/", h => { h.Username("guest"); h.Password("guest"); });
                    cfg.ConfigureEndpoints(context);
                });
            });
        }).Build();
        await Client.StartAsync();
        Client.Services.GetRequiredService<PipelineTracker>().Progress += m =>
        {
            if (m is ShotsIndexed e) Indexed.AddOrUpdate((e.TitleId, e.AssetId), 1, (_, n) => n + 1);
        };
    }

    /// <summary>Starts (or restarts) one service as its own process.</summary>
    public void Start(string service)
    {
        var info = new ProcessStartInfo("dotnet", DllOf(service)) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        var env = info.Environment;
        env["Bus__Transport"] = "RabbitMq";
        env["Bus__RabbitMq__Host"] = "127.0.0.1";
        env["Bus__RabbitMq__Port"] = RabbitPort.ToString();
        env["Storage__Kind"] = "S3";
        env["Storage__S3__ServiceUrl"] = $"http://127.0.0.1:{S3Port}";
        env["Storage__S3__AccessKey"] = "S3RVER";
        env["Storage__S3__SecretKey"] = "S3RVER";
        env["Storage__S3__Bucket"] = "matchcut";
        env["Storage__S3__CreateBucketIfMissing"] = "true";
        var url = $"http://127.0.0.1:{FreePort()}";
        Urls[service] = url;
        env["ASPNETCORE_URLS"] = url;
        env["Media__ScratchFolder"] = Path.Combine(WorkFolder, "scratch", service);
        env["Ingest__AllowedRoots__0"] = MediaFolder;
        // Long enough to ride out a broker restart or an object store gone for 10 s, then fail for real.
        foreach (var (ms, i) in new[] { 500, 2000, 4000, 8000, 12000 }.Select((ms, i) => (ms, i)))
            env[$"Bus__RetryIntervalsMs__{i}"] = ms.ToString();
        env["Logging__LogLevel__Default"] = "Warning";
        var log = Path.Combine(WorkFolder, $"{service}.log");
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (Running) File.AppendAllText(log, e.Data + "\n"); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (Running) File.AppendAllText(log, e.Data + "\n"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Running[service] = process;
    }

    /// <summary>Waits until the service's /health says its bus is connected and its endpoints are up.</summary>
    public async Task WaitReadyAsync(string service)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            if (Running[service].HasExited)
                throw new InvalidOperationException($"{service} exited ({Running[service].ExitCode}); see {Path.Combine(WorkFolder, service + ".log")}");
            try
            {
                if ((await http.GetAsync($"{Urls[service]}/health")).IsSuccessStatusCode) return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException) { }
            await Task.Delay(500);
        }
        throw new TimeoutException($"{service} did not become ready at {Urls[service]}/health");
    }

    /// <summary>Release or Debug, as this test assembly was built, so the services match it.</summary>
    private static string Configuration =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";

    private string DllOf(string service) =>
        Path.Combine(Root, "services", service, "bin", Configuration, "net10.0", $"Matchcut.{service}.dll");

    public void Kill(string service)
    {
        if (Running.Remove(service, out var p) && !p.HasExited) { p.Kill(entireProcessTree: true); p.WaitForExit(); }
    }

    /// <summary>Completes when the pipeline publishes a message that <paramref name="match"/> accepts.</summary>
    public Task SeenAsync(Func<object, bool> match)
    {
        var tracker = Client.Services.GetRequiredService<PipelineTracker>();
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Watch(object m)
        {
            if (match(m) && seen.TrySetResult()) tracker.Progress -= Watch;
        }
        tracker.Progress += Watch;
        return seen.Task;
    }

    public async Task<PipelineOutcome> LandAsync(string titleId, string sourceUri, TimeSpan timeout)
    {
        var outcome = Client.Services.GetRequiredService<PipelineTracker>().Expect(titleId, sourceUri);
        await Client.Services.GetRequiredService<IBus>().Publish(new AssetLanded(titleId, sourceUri));
        return await outcome.WaitAsync(timeout);
    }

    public async Task DisposeAsync()
    {
        try { await Client.StopAsync(); } catch { /* the broker may be gone already */ }
        foreach (var service in Running.Keys.ToList()) Kill(service);
        await ScriptAsync("s3rver.sh", $"stop {S3Port}", ("S3RVER_DATA_DIR", StoreFolder));
        await ScriptAsync("rabbitmq.sh", $"stop {RabbitPort}", ("RABBITMQ_TEST_DIR", RabbitFolder));
        try { Directory.Delete(WorkFolder, recursive: true); } catch (IOException) { }
    }

    public Task ScriptAsync(string script, string args, (string Name, string Value) env) =>
        TestProcesses.ScriptAsync(Root, script, args, env);

    private static Task RunAsync(string file, string args, string cwd) => TestProcesses.RunAsync(file, args, cwd);

    private static int FreePort() => TestProcesses.FreePort();

    private static string FindRoot() => TestProcesses.FindRoot();
}
