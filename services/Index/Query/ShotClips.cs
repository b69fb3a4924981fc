using System.Collections.Concurrent;
using Matchcut.Media;
using Matchcut.Pipeline;
using Matchcut.Storage;
using Microsoft.Extensions.Logging;

namespace Matchcut.Index.Query;

/// <summary>
/// Cuts a shot's clip from its asset's standardized video when the clip is first asked for, and keeps it at the shot's
/// clip key, so later requests (and other Index replicas) are served from the store. Requests for a clip being cut
/// wait for that one cut.
/// </summary>
public sealed class ShotClips(IObjectStore store, AssetCatalog catalog, MediaOptions media, ILogger<ShotClips> log)
{
    /// <summary>Longest a cut may take: a shot of several minutes encodes in seconds at the standardized size.</summary>
    private static readonly TimeSpan CutLimit = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, Lazy<Task>> _cutting = new(StringComparer.Ordinal);

    /// <summary>Makes sure the clip of <paramref name="shot"/> is stored; false when its asset's standardized video is not (any more) in the store.</summary>
    public async Task<bool> EnsureAsync(ShotView shot, CancellationToken ct)
    {
        if (await store.ExistsAsync(shot.ClipKey, ct)) return true;
        var cut = _cutting.GetOrAdd(shot.ClipKey, _ => new Lazy<Task>(() => CutThenForgetAsync(shot))).Value;
        try
        {
            // One caller going away must not stop the cut the others wait for.
            await cut.WaitAsync(ct);
            return true;
        }
        catch (ObjectNotFoundException)
        {
            return false;
        }
    }

    // Forgotten once done: the stored clip answers from then on, and a failed cut is tried again by the next request.
    private async Task CutThenForgetAsync(ShotView shot)
    {
        try
        {
            await CutAsync(shot);
        }
        finally
        {
            _cutting.TryRemove(shot.ClipKey, out _);
        }
    }

    private async Task CutAsync(ShotView shot)
    {
        using var limit = new CancellationTokenSource(CutLimit);
        var ct = limit.Token;
        var features = await catalog.GetFeaturesAsync(shot.AssetId, ct) ?? throw new ObjectNotFoundException(AssetKeys.Features(shot.AssetId));
        var timelineKey = features.Require(FeatureNames.Timeline).Key;
        var timeline = await store.TryGetJsonAsync<StandardTimeline>(timelineKey, ct) ?? throw new ObjectNotFoundException(timelineKey);
        using var video = await store.OpenLocalFileAsync(features.Require(FeatureNames.StdVideo).Key, ct);
        Directory.CreateDirectory(media.ScratchFolder);
        var output = Path.Combine(media.ScratchFolder, $"clip-{Guid.NewGuid():N}.mp4");
        try
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            await FfmpegEncode.RunPlainAsync(media, ShotClip.Arguments(video.Path, timeline.FrameRate, shot.StdFirst, shot.StdLast, output, media.Threads), ct);
            await store.PutFileAsync(shot.ClipKey, output, "video/mp4", ct);
            log.LogInformation("Cut the clip of shot {ShotId} ({Frames} frames) in {Seconds:F2} s", shot.ShotId, shot.StdLast - shot.StdFirst + 1, started.Elapsed.TotalSeconds);
        }
        finally
        {
            File.Delete(output);
        }
    }
}
