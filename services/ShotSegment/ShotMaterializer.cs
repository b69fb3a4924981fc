using System.Globalization;
using Matchcut.Pipeline;
using Matchcut.ServiceDefaults;
using Matchcut.Media;
using Matchcut.Storage;

namespace Matchcut.ShotSegment;

/// <summary>
/// Writes each shot's first, key and last clean frame (outside fades and dissolves) as JPEG from one decode of the
/// standardized video: ffmpeg selects the chosen frames and pipes them as packed RGB to an image writer. Clips are not
/// cut here: the query side cuts a shot's clip when it is first asked for (<see cref="ShotClip"/>).
/// </summary>
public sealed class ShotMaterializer(IObjectStore store, MediaOptions media)
{
    public async Task MaterializeAsync(string assetId, string videoPath, StandardTimeline timeline, IReadOnlyList<ShotRecord> shots, CancellationToken ct)
    {
        var scratch = Path.Combine(media.ScratchFolder, $"{assetId}-shots-{Guid.NewGuid():N}");
        Directory.CreateDirectory(scratch);
        try
        {
            var pictures = await CutAsync(videoPath, timeline, shots, scratch, ct);
            for (var s = 0; s < shots.Count; s++)
            {
                var shot = shots[s];
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

    /// <summary>Writes the wanted frames' pictures into scratch/frames; returns each wanted frame's picture.</summary>
    private async Task<Dictionary<int, string>> CutAsync(string videoPath, StandardTimeline timeline, IReadOnlyList<ShotRecord> shots,
        string scratch, CancellationToken ct)
    {
        var wanted = shots.SelectMany(s => new[] { s.StdCleanFirst, s.StdKeyframe, s.StdCleanLast }).Distinct().Order().ToList();
        // The container may hold a frame or two fewer than its duration suggests: every frame from a little before the
        // last wanted one comes out too, so a wanted frame past the end takes the last decoded one.
        var tail = wanted.Count == 0 ? -1 : Math.Max(0, wanted[^1] - 2);
        var inner = wanted.Where(f => f < tail).ToList();
        var frames = Path.Combine(scratch, "frames");
        // The graph can be long (three frames a shot): ffmpeg reads it from a file rather than the command line.
        var graphFile = Path.Combine(scratch, "graph.txt");
        await File.WriteAllTextAsync(graphFile, string.Create(CultureInfo.InvariantCulture,
            $"[0:v:0]{Selection(inner, tail).Filter()},scale={timeline.Width}:{timeline.Height}:flags=area,setsar=1[rgb]"), ct);

        List<string> args = ["-nostdin", "-hide_banner", "-nostats", "-loglevel", "error", "-xerror", "-err_detect", "explode", "-y",
            .. MediaInput.File(videoPath), "-filter_complex_script", graphFile];
        if (media.Threads > 0) args.AddRange(["-threads", media.Threads.ToString(CultureInfo.InvariantCulture)]);
        args.AddRange(["-map", "[rgb]", "-an", "-fps_mode", "passthrough", "-pix_fmt", "rgb24", "-f", "rawvideo", "pipe:1"]);

        var files = new Dictionary<int, string>();
        await using var reader = RawFrameReader.Start(media, args, timeline.Width, timeline.Height, RawPixelFormat.Rgb24);
        await using var writer = new JpegSequenceWriter(media, frames, timeline.Width, timeline.Height);
        var frame = new byte[reader.FrameBytes];
        void Picture(int wantedFrame) => files[wantedFrame] = Path.Combine(frames, Name(files.Count, "jpg"));
        foreach (var f in inner)
        {
            if (!await reader.ReadFrameAsync(frame, ct))
            {
                await reader.CompleteAsync(ct); // a failed decode says why
                throw new MediaRejectedException($"The standardized video ends before frame {f}, though its timeline has {timeline.FrameCount} frames.");
            }
            await writer.WriteAsync(frame, ct);
            Picture(f);
        }
        // Frames tail, tail + 1, ... as far as the video goes; wanted frames past its end take the last one.
        var next = inner.Count;
        var decoded = false;
        for (var k = tail; await reader.ReadFrameAsync(frame, ct); k++)
        {
            decoded = true;
            while (next < wanted.Count && wanted[next] <= k)
            {
                await writer.WriteAsync(frame, ct);
                Picture(wanted[next++]);
            }
        }
        for (; next < wanted.Count && decoded; next++)
        {
            await writer.WriteAsync(frame, ct);
            Picture(wanted[next]);
        }
        await reader.CompleteAsync(ct);
        await writer.CompleteAsync(ct);
        return files;
    }

    /// <summary>The frames in <paramref name="frames"/> and every frame from <paramref name="tail"/> on (none when it is negative).</summary>
    private static FrameSelection Selection(IReadOnlyList<int> frames, int tail) =>
        tail < 0 ? FrameSelection.Of(Array.Empty<int>()) : FrameSelection.Of(frames.Select(f => (f, f)).Append((tail, int.MaxValue)));

    private static string Name(int n, string ext) => n.ToString("D5", CultureInfo.InvariantCulture) + "." + ext;
}
