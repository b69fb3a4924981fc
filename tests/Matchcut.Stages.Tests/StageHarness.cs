using MassTransit;
using MassTransit.Testing;
using Matchcut.Contracts;
using Matchcut.Pipeline;
using Matchcut.ServiceDefaults;
using Matchcut.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Matchcut.Stages.Tests;

/// <summary>
/// One stage's consumer alone on MassTransit's test harness, over a filesystem store in <paramref name="work"/>: the
/// stage's own wiring (its Add…Stage) and nothing of the stages before or after it.
/// </summary>
public sealed class StageHarness : IAsyncDisposable
{
    private readonly IHost _host;

    private StageHarness(IHost host) => _host = host;

    public ITestHarness Bus => _host.Services.GetRequiredService<ITestHarness>();

    public IObjectStore Store => _host.Services.GetRequiredService<IObjectStore>();

    public static async Task<StageHarness> StartAsync(string work, Action<IHostApplicationBuilder> addStage,
        Action<IBusRegistrationConfigurator> addConsumers)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Root"] = Path.Combine(work, "store"),
            ["Media:ScratchFolder"] = Path.Combine(work, "scratch"),
            ["Ingest:AllowedRoots:0"] = TestMedia.Folder,
        });
        builder.AddMatchcutDefaults();
        addStage(builder);
        builder.Services.AddMassTransitTestHarness(x =>
        {
            x.SetTestTimeouts(testTimeout: TimeSpan.FromMinutes(4), testInactivityTimeout: TimeSpan.FromMinutes(4));
            addConsumers(x);
        });
        var host = builder.Build();
        await host.StartAsync();
        return new StageHarness(host);
    }

    /// <summary>Sends <paramref name="message"/> and returns the one event of <typeparamref name="TOut"/> it led to (or fails with the AssetFailed reason).</summary>
    public async Task<TOut> RunAsync<TIn, TOut>(TIn message) where TIn : class where TOut : class
    {
        await Bus.Bus.Publish(message);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        while (!timeout.IsCancellationRequested)
        {
            if (Bus.Published.Select<TOut>().FirstOrDefault() is { } done) return done.Context.Message;
            if (Bus.Published.Select<AssetFailed>().FirstOrDefault() is { } failed) Assert.Fail($"{failed.Context.Message.Stage} failed: {failed.Context.Message.Reason}");
            await Task.Delay(100);
        }
        throw new TimeoutException($"No {typeof(TOut).Name} within 4 minutes.");
    }

    /// <summary>Sends <paramref name="message"/> and returns the AssetFailed it led to.</summary>
    public async Task<AssetFailed> FailAsync<TIn>(TIn message) where TIn : class
    {
        await Bus.Bus.Publish(message);
        Assert.True(await Bus.Published.Any<AssetFailed>(), "no AssetFailed was published");
        return Bus.Published.Select<AssetFailed>().First().Context.Message;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
