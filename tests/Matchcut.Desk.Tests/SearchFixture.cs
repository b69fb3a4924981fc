using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Matchcut.AllInOne;
using Matchcut.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Matchcut.Desk.Tests;

/// <summary>
/// `matchcut serve` over a temp store holding four titles of real footage: "bunny" (Big Buck Bunny frames 250-419, cuts at
/// clip frames 33 and 126, 24 fps), "leaf" (testvideo.mp4's leaf on a rock, frames 30-179), and the toys "frog" and
/// "rabbit" on the same wooden table (nd_mdn_frog.mp4, nd_mdn_rabbit_720x480.mp4: hard negatives of each other).
/// </summary>
public sealed class SearchFixture : IAsyncLifetime
{
    public string Work { get; } = Directory.CreateTempSubdirectory("matchcut-search-").FullName;
    public string Store => Path.Combine(Work, "store");
    public string Inputs => Path.Combine(Work, "inputs");
    public HttpClient Http { get; private set; } = null!;
    public WebApplication App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Inputs);
        var titles = new Dictionary<string, string>
        {
            ["bunny"] = Make("bunny.mp4", TestMedia.File("bbb_0_30.webm"), "trim=start_frame=250:end_frame=420,setpts=N/24/TB"),
            ["leaf"] = Make("leaf.mp4", TestMedia.File("testvideo.mp4"), "trim=start_frame=30:end_frame=180,setpts=PTS-STARTPTS"),
            ["frog"] = TestMedia.File("nd_mdn_frog.mp4"),
            ["rabbit"] = TestMedia.File("nd_mdn_rabbit_720x480.mp4"),
        };
        var port = TestPorts.Free();
        App = ServeCommand.Build(Store, $"http://127.0.0.1:{port}", TestMedia.Folder, new Dictionary<string, string?>
        {
            ["Media:ScratchFolder"] = Path.Combine(Work, "scratch"),
            ["Ingest:AllowedRoots:1"] = Inputs,
            ["Logging:LogLevel:Default"] = "Warning",
        });
        await ServeCommand.StartAsync(App, CancellationToken.None);
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(2) };
        var tracker = App.Services.GetRequiredService<PipelineTracker>();
        foreach (var (title, path) in titles)
        {
            var outcome = tracker.Expect(title, path);
            await App.Services.GetRequiredService<IBus>().Publish(new AssetLanded(title, path));
            var done = await outcome.WaitAsync(TimeSpan.FromMinutes(6));
            Assert.True(done.Succeeded, $"{title} failed: {done.Failed?.Stage} {done.Failed?.Reason}");
        }
    }

    /// <summary>A still of <paramref name="video"/> at <paramref name="frame"/> (0-based, decode order), scaled to <paramref name="width"/> when given, as JPEG or PNG by the extension.</summary>
    public byte[] Still(string video, int frame, string name, int? width = null)
    {
        var path = Path.Combine(Work, name);
        var filter = $"select=eq(n\\,{frame})" + (width is { } w ? $",scale={w}:-2" : "");
        TestMedia.Ffmpeg("-i", video, "-vf", filter, "-frames:v", "1", "-q:v", "3", path);
        return File.ReadAllBytes(path);
    }

    public async Task<JsonElement> SearchAsync(byte[] picture, string query = "", string contentType = "image/jpeg")
    {
        using var body = new ByteArrayContent(picture);
        body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        using var response = await Http.PostAsync($"/api/v1/search/image{query}", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private string Make(string name, string source, string filter)
    {
        var path = Path.Combine(Inputs, name);
        TestMedia.Ffmpeg("-i", source, "-an", "-vf", $"{filter},format=yuv420p", "-c:v", "libx264", "-preset", "veryfast", "-crf", "20", path);
        return path;
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        Directory.Delete(Work, recursive: true);
    }
}
