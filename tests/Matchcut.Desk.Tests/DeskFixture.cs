using Matchcut.TestSupport;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using MassTransit;
using Matchcut.AllInOne;
using Matchcut.Contracts;
using Matchcut.Pipeline;
using Matchcut.ServiceDefaults;
using Matchcut.Reports;
using Matchcut.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Matchcut.Desk.Tests;

/// <summary>
/// `matchcut serve` over a temp store with three clips of the same real footage (Big Buck Bunny frames 250-419, cuts
/// at clip frames 33 and 126) at 23.976, 25 (start timecode 10:00:00:00) and 29.97 fps (start timecode 01:00:00;00
/// drop-frame), each landed as its own title; result.json of each written the way `matchcut run` writes it.
/// </summary>
public sealed class DeskFixture : IAsyncLifetime
{
    public static readonly IReadOnlyList<Clip> Clips =
    [
        new("film23976", "24000/1001", null),
        new("pal25", "25", "10:00:00:00"),
        new("ntsc2997", "30000/1001", "01:00:00;00"),
    ];

    public string Work { get; } = Directory.CreateTempSubdirectory("matchcut-desk-").FullName;
    public HttpClient Http { get; private set; } = null!;
    public WebApplication App { get; private set; } = null!;
    public Dictionary<string, string> AssetOf { get; } = new();
    public Dictionary<string, JsonElement> ResultOf { get; } = new();
    public Dictionary<string, string> FolderOf { get; } = new();

    public async Task InitializeAsync()
    {
        var inputs = Directory.CreateDirectory(Path.Combine(Work, "inputs")).FullName;
        foreach (var c in Clips) Make(c, Path.Combine(inputs, $"{c.Title}.mp4"));
        var port = TestPorts.Free();
        App = ServeCommand.Build(Path.Combine(Work, "store"), $"http://127.0.0.1:{port}", inputs, new Dictionary<string, string?>
        {
            ["Media:ScratchFolder"] = Path.Combine(Work, "scratch"),
            ["Logging:LogLevel:Default"] = "Warning",
        });
        await ServeCommand.StartAsync(App, CancellationToken.None);
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(2) };
        var tracker = App.Services.GetRequiredService<PipelineTracker>();
        foreach (var c in Clips)
        {
            var path = Path.Combine(inputs, $"{c.Title}.mp4");
            var outcome = tracker.Expect(c.Title, path);
            await App.Services.GetRequiredService<IBus>().Publish(new AssetLanded(c.Title, path));
            var done = await outcome.WaitAsync(TimeSpan.FromMinutes(5));
            Assert.True(done.Succeeded, $"{c.Title} failed: {done.Failed?.Stage} {done.Failed?.Reason}");
            AssetOf[c.Title] = done.AssetId!;
            var folder = await App.Services.GetRequiredService<ResultExporter>().ExportAsync(done.AssetId!, Path.Combine(Work, "out"));
            FolderOf[c.Title] = folder;
            ResultOf[c.Title] = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(folder, "result.json"))).RootElement.Clone();
        }
    }

    /// <summary>Re-timed copies of one stretch of real footage: the same 170 frames, at another rate and start timecode.</summary>
    private static void Make(Clip c, string path)
    {
        var args = new List<string>
        {
            "-i", TestMedia.File("bbb_0_30.webm"), "-an",
            "-vf", $"trim=start_frame=250:end_frame=420,setpts=N/({c.Rate})/TB,format=yuv420p", "-r", c.Rate,
            "-c:v", "libx264", "-preset", "veryfast", "-crf", "20",
        };
        if (c.Timecode is not null) args.AddRange(["-timecode", c.Timecode]);
        args.Add(path);
        TestMedia.Ffmpeg([.. args]);
    }


    public async Task DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        Directory.Delete(Work, recursive: true);
    }

    public sealed record Clip(string Title, string Rate, string? Timecode);
}

[CollectionDefinition(Name)]
public sealed class DeskCollection : ICollectionFixture<DeskFixture>
{
    public const string Name = "desk";
}
