using Matchcut.Pipeline;
using Matchcut.Storage;

namespace Matchcut.Pipeline.Tests;

/// <summary>
/// The embedded pipeline with <c>Media:FfmpegPath</c> pointing at a wrapper script that logs each command line and
/// runs the real ffmpeg: what a user would configure to run a wrapped ffmpeg, here used to count decodes.
/// </summary>
public sealed class LoggedFfmpegPipelineFixture() : EmbeddedPipelineFixture("decodes")
{
    public string LogFile => Path.Combine(WorkFolder, "ffmpeg-calls.log");

    protected override IEnumerable<KeyValuePair<string, string?>> Settings()
    {
        var real = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, "ffmpeg")).FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("ffmpeg is not on PATH (make setup installs it).");
        var wrapper = Path.Combine(WorkFolder, "bin", "ffmpeg");
        Directory.CreateDirectory(Path.GetDirectoryName(wrapper)!);
        // One line per call, arguments separated by the unit separator (0x1f), which no path or filter contains.
        File.WriteAllText(wrapper, $"#!/bin/sh\n{{ printf '%s\\037' \"$@\"; printf '\\n'; }} >> '{LogFile}'\nexec '{real}' \"$@\"\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return
        [
            new("Media:FfmpegPath", wrapper),
            new("Models:Enabled", "false"),
            new("Embedding:FrameEncoder", "classical"),
        ];
    }

    public IReadOnlyList<string[]> Calls() =>
        File.Exists(LogFile) ? File.ReadAllLines(LogFile).Select(l => l.Split('\x1f', StringSplitOptions.None)[..^1]).ToList() : [];
}

public sealed class DecodeCountTests(LoggedFfmpegPipelineFixture pipeline) : IClassFixture<LoggedFfmpegPipelineFixture>
{
    // Options that make ffmpeg read only part of an input.
    private static readonly string[] Limits = ["-ss", "-sseof", "-t", "-to", "-frames", "-frames:v", "-vframes"];

    [Fact]
    public async Task A_run_decodes_its_source_in_full_exactly_once()
    {
        var original = TestMedia.File("testvideo.mp4");
        var outcome = await pipeline.LandAsync("decodes", original);
        Assert.True(outcome.Succeeded, outcome.Failed?.Reason);
        string stored;
        using (var file = await pipeline.Get<IObjectStore>().OpenLocalFileAsync(AssetKeys.Source(outcome.AssetId!))) stored = file.Path;

        var calls = pipeline.Calls();
        Assert.NotEmpty(calls);
        var sourceReads = calls.Where(c => Inputs(c).Any(i => i == Path.GetFullPath(stored) || i == Path.GetFullPath(original))).ToList();
        var full = sourceReads.Where(c => !c.Any(Limits.Contains)).ToList();
        Assert.True(full.Count == 1, $"{full.Count} full decodes of the source:\n" + string.Join('\n', full.Select(c => string.Join(' ', c))));
        Assert.Equal(sourceReads.Count, full.Count);
        // That decode is the standardized encode's, which also streams the analysis frames.
        Assert.Contains("libx264", full[0]);
        Assert.Contains("pipe:1", full[0]);

        // The same content landing again (another title) decodes nothing.
        var before = calls.Count;
        var again = await pipeline.LandAsync("decodes-again", original);
        Assert.True(again.Succeeded, again.Failed?.Reason);
        Assert.Equal(before, pipeline.Calls().Count);
    }

    private static IEnumerable<string> Inputs(string[] call) =>
        // The pipeline names local inputs with ffmpeg's file: protocol prefix.
        call.Zip(call.Skip(1)).Where(p => p.First == "-i")
            .Select(p => p.Second.StartsWith("file:", StringComparison.Ordinal) ? Path.GetFullPath(p.Second[5..]) : p.Second);
}
