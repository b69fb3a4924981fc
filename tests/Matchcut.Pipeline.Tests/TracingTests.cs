using System.Diagnostics;
using MassTransit;
using Matchcut.AllInOne;
using Matchcut.Contracts;
using Matchcut.ServiceDefaults;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Trace;

namespace Matchcut.Pipeline.Tests;

/// <summary>The pipeline's stage spans, exported in memory, of one landing run through the whole in-memory pipeline.</summary>
public sealed class TracingTests : IAsyncLifetime
{
    private readonly string _work = Directory.CreateTempSubdirectory("matchcut-tracing-").FullName;
    private readonly List<Activity> _spans = [];
    private IHost _host = null!;

    public async Task InitializeAsync()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Root"] = Path.Combine(_work, "store"),
            ["Media:ScratchFolder"] = Path.Combine(_work, "scratch"),
            ["Ingest:AllowedRoots:0"] = TestMedia.Folder,
            ["Models:Enabled"] = "false",
            ["Embedding:FrameEncoder"] = "classical",
        });
        builder.AddAllStages();
        builder.Services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(_spans));
        _host = builder.Build();
        await _host.StartAsync();
    }

    [Fact]
    public async Task Every_stage_of_one_landing_is_a_span_of_one_trace_tagged_with_asset_title_and_stage()
    {
        var source = TestMedia.File("counter.mp4");
        var outcome = _host.Services.GetRequiredService<PipelineTracker>().Expect("traced", source);
        await _host.Services.GetRequiredService<IBus>().Publish(new AssetLanded("traced", source));
        var done = await outcome.WaitAsync(TimeSpan.FromMinutes(3));
        Assert.True(done.Succeeded, done.Failed?.Reason);
        await Task.Delay(500); // the last span ends after its event is published

        List<Activity> stages;
        lock (_spans) stages = _spans.Where(a => a.Source.Name == PipelineTelemetry.SourceName).ToList();
        // Activity listeners are process-wide: other tests' hosts landing the same file (the same asset id) in parallel
        // show up here too, so this landing's spans are the ones of its asset and its title.
        var ofAsset = stages.Where(a => (string?)a.GetTagItem(PipelineTelemetry.AssetIdTag) == done.AssetId
            && (string?)a.GetTagItem(PipelineTelemetry.TitleIdTag) == "traced").ToList();
        Assert.Equal(PipelineStages.All.Order(), ofAsset.Select(a => (string)a.GetTagItem(PipelineTelemetry.StageTag)!).Order());
        Assert.Single(ofAsset.Select(a => a.TraceId).Distinct());
        // MassTransit's consume spans carry the trace between the stages.
        lock (_spans) Assert.Contains(_spans, a => a.Source.Name == PipelineTelemetry.MassTransitSource && a.TraceId == ofAsset[0].TraceId);
    }

    public async Task DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        Directory.Delete(_work, recursive: true);
    }
}
