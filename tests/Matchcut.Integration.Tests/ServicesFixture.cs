using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MassTransit;
using Matchcut.Contracts;
using Matchcut.Hosting;
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
    public IHost Client { get; private set; } = null!;

    public string MediaFolder => Path.Combine(Root, "..", "shared", "media") is var p && Directory.Exists(p) ? p : "/work/shared/media";

    public async Task InitializeAsync()
    {
        await ScriptAsync("rabbitmq.sh", $"start {RabbitPort}", ("RABBITMQ_TEST_DIR", Path.Combine(WorkFolder, "rabbitmq")));
        await ScriptAsync("s3rver.sh", $"start {S3Port}", ("S3RVER_DATA_DIR", Path.Combine(WorkFolder, "s3")));
        foreach (var service in Services)
            await RunAsync("dotnet", $"build {Path.Combine(Root, "services", service)} -c Release -v q -nologo", Root);
        foreach (var service in Services) Start(service);
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
    }

    /// <summary>Starts (or restarts) one service as its own process.</summary>
    public void Start(string service)
    {
        var dll = Path.Combine(Root, "services", service, "bin", "Release", "net10.0", $"Matchcut.{service}.dll");
        var info = new ProcessStartInfo("dotnet", dll) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
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
        env["ASPNETCORE_URLS"] = $"http://127.0.0.1:{FreePort()}";
        env["Media__ScratchFolder"] = Path.Combine(WorkFolder, "scratch", service);
        env["Ingest__AllowedRoots__0"] = MediaFolder;
        var log = Path.Combine(WorkFolder, $"{service}.log");
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (Running) File.AppendAllText(log, e.Data + "\n"); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (Running) File.AppendAllText(log, e.Data + "\n"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Running[service] = process;
    }

    public void Kill(string service)
    {
        if (Running.Remove(service, out var p) && !p.HasExited) { p.Kill(entireProcessTree: true); p.WaitForExit(); }
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
        await ScriptAsync("s3rver.sh", $"stop {S3Port}", ("S3RVER_DATA_DIR", Path.Combine(WorkFolder, "s3")));
        await ScriptAsync("rabbitmq.sh", $"stop {RabbitPort}", ("RABBITMQ_TEST_DIR", Path.Combine(WorkFolder, "rabbitmq")));
        try { Directory.Delete(WorkFolder, recursive: true); } catch (IOException) { }
    }

    public Task ScriptAsync(string script, string args, (string Name, string Value) env) =>
        RunAsync(Path.Combine(Root, "scripts", script), args, Root, env);

    private static async Task RunAsync(string file, string args, string cwd, params (string Name, string Value)[] env)
    {
        var info = new ProcessStartInfo(file, args) { WorkingDirectory = cwd, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in env) info.Environment[name] = value;
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {args} failed ({p.ExitCode}): {await stderr}{await stdout}");
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "matchcut.slnx"))) return dir.FullName;
        throw new DirectoryNotFoundException("No matchcut.slnx above the test binaries.");
    }
}
