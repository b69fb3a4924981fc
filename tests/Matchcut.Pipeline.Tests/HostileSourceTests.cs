using System.Diagnostics;
using System.Security.Cryptography;
using Matchcut.AllInOne;
using Matchcut.Media;
using Matchcut.Storage;

namespace Matchcut.Pipeline.Tests;

/// <summary>
/// Sources made to read what lies outside the allowed roots, or to block ingest: a playlist whose segments point
/// elsewhere, a folder swapped for a link while ingest runs, a FIFO. Each fails safely and reads nothing outside.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class HostileSourceTests(PipelineFixture pipeline) : IDisposable
{
    private readonly string _outside = Directory.CreateTempSubdirectory("matchcut-outside-").FullName;

    [Theory]
    [InlineData("absolute")]
    [InlineData("parent")]
    [InlineData("file-url")]
    public async Task A_playlist_stored_without_an_extension_is_refused_as_what_it_is_and_nothing_outside_is_read(string reference)
    {
        var segment = Path.Combine(_outside, "secret.ts");
        TestMedia.Ffmpeg("-i", TestMedia.File("counter.mp4"), "-c", "copy", "-f", "mpegts", segment);
        var source = pipeline.Input($"playlist-{reference}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.GetDirectoryName(source)!);
        var target = reference switch
        {
            "absolute" => segment,
            "parent" => Path.GetRelativePath(Path.GetDirectoryName(source)!, segment),
            _ => "file:" + segment,
        };
        await File.WriteAllTextAsync(source, $"#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:3.0,\n{target}\n#EXT-X-ENDLIST\n");
        var before = File.GetLastAccessTimeUtc(segment);

        var outcome = await pipeline.LandAsync($"playlist-{reference}", source);

        Assert.False(outcome.Succeeded);
        Assert.Equal(Contracts.PipelineStages.Ingest, outcome.Failed!.Stage);
        Assert.Contains("HLS playlist", outcome.Failed.Reason);
        Assert.False(outcome.Failed.Retriable);
        Assert.Equal(before, File.GetLastAccessTimeUtc(segment));
    }

    [Fact]
    public void Every_ffmpeg_input_the_pipeline_builds_refuses_a_playlist_by_itself()
    {
        // The decode path too, not only the probe: the encode's own input options stop a playlist that got past ingest.
        var segment = Path.Combine(_outside, "secret.ts");
        TestMedia.Ffmpeg("-i", TestMedia.File("counter.mp4"), "-c", "copy", "-f", "mpegts", segment);
        var playlist = Path.Combine(_outside, "list");
        File.WriteAllText(playlist, $"#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:3.0,\n{segment}\n#EXT-X-ENDLIST\n");

        // Control: a bare ffmpeg input probes the text as HLS and opens the segment outside, so the check below can fail.
        var (bareExit, bare) = RunFfmpeg(["-i", playlist]);
        Assert.True(bareExit == 0 && bare.Contains("secret.ts"), bare);

        var (exit, error) = RunFfmpeg(MediaInput.File(playlist));
        Assert.NotEqual(0, exit);
        Assert.DoesNotContain("secret.ts", error);
        Assert.DoesNotContain("Stream #0", error);
    }

    private static (int Exit, string Error) RunFfmpeg(IEnumerable<string> input)
    {
        var info = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-nostdin", "-hide_banner", "-loglevel", "verbose" }.Concat(input).Concat(["-f", "null", "-"])) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, error);
    }

    [Fact]
    public async Task A_fifo_is_refused_at_once_without_blocking_ingest()
    {
        var fifo = pipeline.Input($"fifo-{Guid.NewGuid():N}.mp4");
        Directory.CreateDirectory(Path.GetDirectoryName(fifo)!);
        using (var mk = Process.Start("mkfifo", [fifo])!) mk.WaitForExit();
        try
        {
            var clock = Stopwatch.StartNew();
            var outcome = await pipeline.LandAsync("fifo", fifo, TimeSpan.FromSeconds(30));
            Assert.False(outcome.Succeeded);
            Assert.Contains("FIFO", outcome.Failed!.Reason, StringComparison.OrdinalIgnoreCase);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
        }
        finally
        {
            File.Delete(fifo);
        }
    }

    [Fact]
    public async Task A_folder_swapped_for_a_link_while_landings_run_never_ingests_the_outside_file()
    {
        // Inside: one real clip. Outside, under the same name: other content. A thread swaps the folder for a link to
        // the outside folder and back as fast as it can while the same path is landed again and again.
        var inside = await File.ReadAllBytesAsync(TestMedia.File("delayed_start.mp4"));
        var outsideBytes = inside.Concat(Guid.NewGuid().ToByteArray()).ToArray();
        await File.WriteAllBytesAsync(Path.Combine(_outside, "film.mp4"), outsideBytes);
        var outsideId = Convert.ToHexStringLower(SHA256.HashData(outsideBytes))[..16];
        var folder = pipeline.Input($"swapped-{Guid.NewGuid():N}");
        var parked = folder + "-real";
        Directory.CreateDirectory(folder);
        await File.WriteAllBytesAsync(Path.Combine(folder, "film.mp4"), inside);

        using var stop = new CancellationTokenSource();
        var swapper = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    Directory.Move(folder, parked);
                    Directory.CreateSymbolicLink(folder, _outside);
                    Thread.SpinWait(2000);
                    Directory.Delete(folder);
                    Directory.Move(parked, folder);
                }
                catch (IOException) { }
            }
        });
        var outcomes = new List<PipelineOutcome>();
        try
        {
            for (var i = 0; i < 30; i++) outcomes.Add(await pipeline.LandAsync($"swapped-{i}", Path.Combine(folder, "film.mp4"), TimeSpan.FromMinutes(1)));
        }
        finally
        {
            await stop.CancelAsync();
            await swapper;
            if (new FileInfo(folder).LinkTarget is not null) Directory.Delete(folder);
            if (Directory.Exists(parked)) Directory.Move(parked, folder);
        }

        Assert.DoesNotContain(outcomes, o => o.AssetId == outsideId);
        Assert.False(await pipeline.Get<IObjectStore>().ExistsAsync(AssetKeys.Asset(outsideId)));
        // The race was really run: some landings met the link and were refused for it.
        Assert.Contains(outcomes, o => o.Failed is not null);
    }

    public void Dispose() => Directory.Delete(_outside, recursive: true);
}
