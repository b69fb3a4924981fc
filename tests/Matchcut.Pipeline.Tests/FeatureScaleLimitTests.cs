using System.Globalization;
using Matchcut.AllInOne;
using Matchcut.Contracts;
using Matchcut.Pipeline;
using Matchcut.Storage;

namespace Matchcut.Pipeline.Tests;

/// <summary>Caps on pixels and duration, checked on Ingest's probe.</summary>
public sealed class IngestCapsFixture() : EmbeddedPipelineFixture("caps")
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("Ingest:MaxPixels", "1000000"),
        new("Ingest:MaxDurationSec", "2"),
        new("Models:Enabled", "false"),
    ];
}

/// <summary>At most two shots per asset.</summary>
public sealed class ShotCapFixture() : EmbeddedPipelineFixture("shot-cap")
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("ShotSegment:MaxShots", "2"),
        new("Models:Enabled", "false"),
    ];
}

/// <summary>A standardized encode that may take half a second, whatever the input's length.</summary>
public sealed class TightDeadlineFixture() : EmbeddedPipelineFixture("deadline")
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new($"Stages:{PipelineStages.StandardizedEncode}:DeadlineFloorSeconds", "0.5"),
        new($"Stages:{PipelineStages.StandardizedEncode}:DeadlineSecondsPerMinute", "0"),
        new("Models:Enabled", "false"),
    ];
}

public sealed class IngestCapsTests(IngestCapsFixture pipeline) : IClassFixture<IngestCapsFixture>
{
    [Fact]
    public async Task A_picture_over_max_pixels_is_refused_naming_the_cap_and_nothing_is_kept()
    {
        var failures = FailureLog.Watch(pipeline);
        var outcome = await pipeline.LandAsync("too-big", TestMedia.File("counter.mp4")); // 1920x1080
        await failures.AssertRefusedOnceAsync(outcome, PipelineStages.Ingest, "1920x1080 (2073600 pixels), more than the 1000000 allowed (Ingest:MaxPixels)");
        Assert.Empty(await pipeline.Get<IObjectStore>().ListAsync("assets/").ToListAsync());
    }

    [Fact]
    public async Task A_source_over_max_duration_is_refused_naming_the_cap()
    {
        var failures = FailureLog.Watch(pipeline);
        var outcome = await pipeline.LandAsync("too-long", TestMedia.File("nd_mdn_rabbit_320x240.mp4"));
        await failures.AssertRefusedOnceAsync(outcome, PipelineStages.Ingest, "allowed (Ingest:MaxDurationSec)");
    }
}

public sealed class ShotCapTests(ShotCapFixture pipeline) : IClassFixture<ShotCapFixture>
{
    [Fact]
    public async Task An_asset_with_more_shots_than_max_shots_fails_at_segmentation_naming_the_cap()
    {
        var failures = FailureLog.Watch(pipeline);
        var outcome = await pipeline.LandAsync("many-shots", TestMedia.File("testvideo.mp4"));
        await failures.AssertRefusedOnceAsync(outcome, PipelineStages.ShotSegment, "shots, more than the 2 allowed (ShotSegment:MaxShots)");
    }
}

public sealed class StageDeadlineTests(TightDeadlineFixture pipeline) : IClassFixture<TightDeadlineFixture>
{
    [Fact]
    public async Task An_encode_past_its_deadline_ends_in_one_AssetFailed_and_its_ffmpeg_is_gone()
    {
        var failures = FailureLog.Watch(pipeline);
        var outcome = await pipeline.LandAsync("slow", TestMedia.File("testvideo.mp4"));
        // At once: the stage fails only after its work, ffmpeg included, was stopped (an unstopped encode would still run).
        Assert.Empty(ChildProcesses.Named("ffmpeg", mentioning: pipeline.WorkFolder)); // other fixtures run ffmpeg meanwhile
        await failures.AssertRefusedOnceAsync(outcome, PipelineStages.StandardizedEncode, $"{PipelineStages.StandardizedEncode} passed its deadline of 0.5 s", "DeadlineFloorSeconds");
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(pipeline.WorkFolder, "scratch")));
    }
}

/// <summary>Counts the AssetFailed events a pipeline publishes from now on.</summary>
internal sealed class FailureLog
{
    private int _count;

    public static FailureLog Watch(EmbeddedPipelineFixture pipeline)
    {
        var log = new FailureLog();
        pipeline.Get<PipelineTracker>().Progress += m => { if (m is AssetFailed) Interlocked.Increment(ref log._count); };
        return log;
    }

    /// <summary>The landing failed at <paramref name="stage"/>, not retriable, its reason holding every text, and no second AssetFailed (a redelivery, another stage) came within 3 s.</summary>
    public async Task AssertRefusedOnceAsync(PipelineOutcome outcome, string stage, params string[] reasonParts)
    {
        Assert.False(outcome.Succeeded);
        Assert.Equal(stage, outcome.Failed!.Stage);
        foreach (var part in reasonParts) Assert.Contains(part, outcome.Failed.Reason);
        Assert.False(outcome.Failed.Retriable);
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(1, Volatile.Read(ref _count));
    }
}

/// <summary>Live child processes of this test process, read from /proc.</summary>
internal static class ChildProcesses
{
    /// <summary>Those called <paramref name="name"/> whose command line holds <paramref name="mentioning"/>.</summary>
    public static List<int> Named(string name, string mentioning)
    {
        var self = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            string stat;
            try { stat = File.ReadAllText(Path.Combine(dir, "stat")); }
            catch (IOException) { continue; }
            catch (UnauthorizedAccessException) { continue; }
            // pid (comm) state ppid ...: comm may hold spaces, so split after its closing parenthesis.
            var close = stat.LastIndexOf(')');
            var comm = stat[(stat.IndexOf('(') + 1)..close];
            var rest = stat[(close + 2)..].Split(' ');
            if (comm != name || rest[0] == "Z" || rest[1] != self) continue;
            try
            {
                if (File.ReadAllText(Path.Combine(dir, "cmdline")).Contains(mentioning, StringComparison.Ordinal)) found.Add(pid);
            }
            catch (IOException)
            {
                // It ended meanwhile.
            }
        }
        return found;
    }
}

/// <summary>Every source above 1000 bytes takes the hash-first path that large sources take in deployment.</summary>
public sealed class HashFirstFixture() : EmbeddedPipelineFixture("hash-first")
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("Ingest:HashFirstAboveBytes", "1000"),
        new("Models:Enabled", "false"),
    ];
}

public sealed class HashFirstIngestTests(HashFirstFixture pipeline) : IClassFixture<HashFirstFixture>
{
    [Fact]
    public async Task A_source_above_the_threshold_is_hashed_first_then_uploaded_to_its_key_byte_exactly()
    {
        var source = TestMedia.File("counter.mp4");
        var outcome = await pipeline.LandAsync("hashed-first", source);

        Assert.True(outcome.Succeeded, outcome.Failed?.Reason);
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(source)));
        Assert.Equal(expected[..16], outcome.AssetId);
        Assert.Equal(await File.ReadAllBytesAsync(source), await pipeline.Get<IObjectStore>().GetBytesAsync(AssetKeys.Source(outcome.AssetId!)));
        Assert.Empty(await pipeline.Get<IObjectStore>().ListAsync("incoming/").ToListAsync());
    }
}
