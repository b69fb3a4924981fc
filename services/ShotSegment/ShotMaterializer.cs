using System.Globalization;
using Matchcut.Pipeline;
using Matchcut.ServiceDefaults;
using Matchcut.Media;
using Matchcut.Storage;

namespace Matchcut.ShotSegment;

/// <summary>
/// Cuts the standardized video into one clip per shot (one encode, keyframes forced at shot starts) and writes each
/// shot's first, key and last clean frame (outside fades and dissolves) as JPEG (one decode, the chosen frames piped to an image writer).
/// </summary>
public sealed class ShotMaterializer(IObjectStore store, MediaOptions media)
{
    public async Task MaterializeAsync(string assetId, string videoPath, StandardTimeline timeline, IReadOnlyList<ShotRecord> shots, CancellationToken ct)
    {
        var scratch = Path.Combine(media.ScratchFolder, $"{assetId}-shots-{Guid.NewGuid():N}");
        Directory.CreateDirectory(scratch);
        try
        {
            var pictures = await WritePicturesAsync(videoPath, timeline, shots, Path.Combine(scratch, "frames"), ct);
            await CutClipsAsync(videoPath, timeline, shots, Path.Combine(scratch, "clips"), ct);
            for (var s = 0; s < shots.Count; s++)
            {
                var shot = shots[s];
                await store.PutFileAsync(shot.ClipKey, Path.Combine(scratch, "clips", Name(s, "mp4")), "video/mp4", ct);
                await store.PutFileAsync(shot.FirstFrameKey, pictures[shot.StdCleanFirst], "image/jpeg", ct);
                await store.PutFileAsync(shot.KeyframeKey, pictures[shot.StdKeyframe], "image/jpeg", ct);
                await store.PutFileAsync(shot.LastFrameKey, pictures[shot.StdCleanLast], "image/jpeg", ct);
            }
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private async Task<Dictionary<int, string>> WritePicturesAsync(string videoPath, StandardTimeline timeline,
        IReadOnlyList<ShotRecord> shots, string folder, CancellationToken ct)
    {
        var wanted = shots.SelectMany(s => new[] { s.StdCleanFirst, s.StdKeyframe, s.StdCleanLast }).Distinct().Order().ToList();
        var files = new Dictionary<int, string>();
        await using var reader = RawFrameReader.Open(media, videoPath, timeline.Width, timeline.Height, RawPixelFormat.Rgb24);
        await using var writer = new JpegSequenceWriter(media, folder, timeline.Width, timeline.Height);
        var frame = new byte[reader.FrameBytes];
        var next = 0;
        var lastGood = -1;
        for (var k = 0; next < wanted.Count && await reader.ReadFrameAsync(frame, ct); k++)
        {
            lastGood = k;
            while (next < wanted.Count && wanted[next] <= k)
            {
                await writer.WriteAsync(frame, ct);
                files[wanted[next]] = Path.Combine(folder, Name(files.Count, "jpg"));
                next++;
            }
        }
        // The container may hold a frame or two fewer than its duration suggests: reuse the last decoded one.
        for (; next < wanted.Count && lastGood >= 0; next++)
        {
            await writer.WriteAsync(frame, ct);
            files[wanted[next]] = Path.Combine(folder, Name(files.Count, "jpg"));
        }
        await writer.CompleteAsync(ct);
        return files;
    }

    private Task CutClipsAsync(string videoPath, StandardTimeline timeline, IReadOnlyList<ShotRecord> shots, string folder, CancellationToken ct)
    {
        Directory.CreateDirectory(folder);
        // A quarter frame early so float rounding of the times cannot push a cut one frame late.
        var times = string.Join(',', shots.Skip(1).Select(s =>
            ((s.StdFirst - 0.25) / timeline.FrameRate).ToString("0.######", CultureInfo.InvariantCulture)));
        var args = new List<string> { "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-i", videoPath, "-an",
            "-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-pix_fmt", "yuv420p" };
        if (times.Length > 0) args.AddRange(["-force_key_frames", times, "-f", "segment", "-segment_times", times]);
        else args.AddRange(["-f", "segment", "-segment_time", "1000000"]);
        args.AddRange(["-reset_timestamps", "1", "-segment_format", "mp4", "-segment_format_options", "movflags=+faststart",
            "-segment_start_number", "0", Path.Combine(folder, "%05d.mp4")]);
        return FfmpegEncode.RunPlainAsync(media, args, ct);
    }

    private static string Name(int n, string ext) => n.ToString("D5", CultureInfo.InvariantCulture) + "." + ext;
}
