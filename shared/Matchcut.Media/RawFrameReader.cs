using System.Globalization;

namespace Matchcut.Media;

/// <summary>
/// Decodes a video once through an ffmpeg raw-frame pipe, at a chosen size, with rotation and pixel aspect applied.
/// Every decoded frame comes out (no rate conversion), so frame numbers are presentation-order source frames.
/// Kept rather than FFMpegCore's <c>StreamPipeSink</c>: measured against it (bench <c>--only pipes</c>, 720 gray frames
/// 128 px wide from bbb_0_30.webm, same filters, alternating runs on the loaded 2-core machine) the sink took 0.93-0.98
/// of our time, i.e. no slower but no real gain, and its push callback would not give the analysers the frame-by-frame
/// pull and per-frame timestamps this class gives them.
/// </summary>
public sealed class RawFrameReader : IAsyncDisposable
{
    private readonly ToolProcess _process;
    private readonly ShowinfoTimestamps _timestamps;
    private string? _filterScript;

    private RawFrameReader(ToolProcess process, ShowinfoTimestamps timestamps, int width, int height, RawPixelFormat format)
    {
        _process = process;
        // Room for a few dozen small frames, so ffmpeg runs ahead instead of stalling whenever the reader is late.
        PipeCapacity.TryEnlarge(process.StandardOutput, PipeCapacity.Preferred);
        _timestamps = timestamps;
        Width = width;
        Height = height;
        Format = format;
        FrameBytes = width * height * (format == RawPixelFormat.Gray ? 1 : 3);
    }

    public int Width { get; }
    public int Height { get; }
    public RawPixelFormat Format { get; }
    public int FrameBytes { get; }

    /// <summary>Presentation time (seconds) of each frame read so far, from ffmpeg's showinfo; complete after <see cref="CompleteAsync"/>.</summary>
    public IReadOnlyList<double> Timestamps => _timestamps.Snapshot();

    /// <summary>
    /// The presentation time of frame <paramref name="index"/> while streaming. showinfo logs a frame before it reaches
    /// the pipe, so the line is normally already there; waits briefly for the stderr reader, null if it never arrives.
    /// </summary>
    public ValueTask<double?> TimestampAsync(int index, CancellationToken ct = default) =>
        _timestamps.WaitForAsync(index, TimeSpan.FromSeconds(2), ct);

    /// <summary>
    /// Starts decoding. <paramref name="preFilter"/> runs before scaling (e.g. a crop), <paramref name="frameRate"/>
    /// resamples to a constant rate when set. <paramref name="skipLoopFilter"/> leaves out the decoder's in-loop
    /// deblocking (H.264, HEVC): about a tenth of a 1080p decode, and invisible once frames are averaged down to a
    /// thumbnail, so only for reads at a small size; the pictures drift slightly from the true ones until the next
    /// keyframe. <paramref name="select"/>, when given, passes only those decoded frames on (first in the chain, so
    /// frame numbers are the decoded frames' and the pixels of each passed frame are those of a full decode); the
    /// caller maps the i-th frame read to <see cref="FrameSelection.Frames"/>' i-th.
    /// </summary>
    public static RawFrameReader Open(MediaOptions options, string input, int width, int height, RawPixelFormat format,
        string? preFilter = null, double? frameRate = null, bool strict = true, bool skipLoopFilter = false, FrameSelection? select = null)
    {
        var filters = new List<string>();
        if (select is not null) filters.Add(select.Filter());
        if (preFilter is not null) filters.Add(preFilter);
        if (frameRate is { } fps) filters.Add(string.Create(CultureInfo.InvariantCulture, $"setpts=PTS-STARTPTS,fps={fps}"));
        filters.Add($"scale={width}:{height}:flags=area");
        filters.Add("setsar=1");
        // Last, so there is exactly one timestamp per frame that reaches the pipe, even when a filter drops or duplicates frames.
        filters.Add(ShowinfoTimestamps.Filter);
        // -copyts keeps the source's presentation times (ffmpeg otherwise shifts them so the first frame is at 0);
        // -nostats keeps progress lines out of stderr, where they would share lines with showinfo's.
        var args = new List<string> { "-nostdin", "-hide_banner", "-nostats", "-loglevel", "info", "-copyts" };
        if (strict) args.AddRange(["-xerror", "-err_detect", "explode"]);
        if (options.Threads > 0) args.AddRange(["-threads", options.Threads.ToString(CultureInfo.InvariantCulture)]);
        if (skipLoopFilter) args.AddRange(["-skip_loop_filter", "all"]);
        // A selection of many frames makes a long chain: past what one command-line argument may hold, ffmpeg reads it from a file.
        var chain = string.Join(',', filters);
        string? script = null;
        if (chain.Length > MaxInlineFilter)
        {
            Directory.CreateDirectory(options.ScratchFolder);
            script = Path.Combine(options.ScratchFolder, $"filter-{Guid.NewGuid():N}.txt");
            File.WriteAllText(script, chain);
        }
        args.AddRange(MediaInput.File(input));
        args.AddRange(["-an", "-sn", "-dn"]);
        args.AddRange(script is null ? ["-vf", chain] : ["-filter_script:v", script]);
        args.AddRange(["-fps_mode", frameRate is null ? "passthrough" : "cfr",
            "-pix_fmt", format switch { RawPixelFormat.Gray => "gray", RawPixelFormat.Rgb24 => "rgb24", _ => "bgr24" },
            "-f", "rawvideo", "pipe:1"]);
        try
        {
            var reader = Start(options, args, width, height, format);
            reader._filterScript = script;
            return reader;
        }
        catch
        {
            if (script is not null) File.Delete(script);
            throw;
        }
    }

    /// <summary>Longest filter chain passed on the command line (Linux caps one argument at 128 KiB).</summary>
    private const int MaxInlineFilter = 16 * 1024;

    /// <summary>
    /// Runs an ffmpeg command of the caller's whose one raw-video output of <paramref name="width"/> x
    /// <paramref name="height"/> goes to standard output and whose showinfo logs each frame of it once (other outputs
    /// may go to files, e.g. <see cref="StandardizedProfile.EncodeWithAnalysisArguments"/>).
    /// </summary>
    public static RawFrameReader Start(MediaOptions options, IReadOnlyList<string> arguments, int width, int height, RawPixelFormat format)
    {
        var timestamps = new ShowinfoTimestamps();
        var process = ToolProcess.Start(options.FfmpegPath, arguments, line => timestamps.OnStderrLine(line));
        return new RawFrameReader(process, timestamps, width, height, format);
    }

    /// <summary>Fills the buffer with the next frame; false at the end of the stream.</summary>
    public async ValueTask<bool> ReadFrameAsync(Memory<byte> frame, CancellationToken ct = default)
    {
        if (frame.Length < FrameBytes) throw new ArgumentException($"Buffer holds {frame.Length} bytes; a frame needs {FrameBytes}.");
        var read = 0;
        while (read < FrameBytes)
        {
            var n = await _process.StandardOutput.ReadAsync(frame[read..FrameBytes], ct);
            if (n == 0)
            {
                if (read == 0) return false;
                throw new MediaRejectedException($"The decoder stopped in the middle of a frame: {_process.Tail}");
            }
            read += n;
        }
        return true;
    }

    /// <summary>
    /// Fills the buffer with the next frame, blocking; false at the end of the stream. For a reader on a thread of its
    /// own: each frame costs one wake-up and no thread-pool hand-offs, which matters when the decode (and an encode
    /// sharing it) keeps every core busy. Cancelling stops ffmpeg, which ends a read waiting on it.
    /// </summary>
    public bool ReadFrame(Span<byte> frame, CancellationToken ct = default)
    {
        if (frame.Length < FrameBytes) throw new ArgumentException($"Buffer holds {frame.Length} bytes; a frame needs {FrameBytes}.");
        ct.ThrowIfCancellationRequested();
        using var stop = ct.CanBeCanceled ? ct.Register(static p => ((ToolProcess)p!).Kill(), _process) : default;
        var read = 0;
        while (read < FrameBytes)
        {
            var n = _process.StandardOutput.Read(frame[read..FrameBytes]);
            if (n == 0)
            {
                ct.ThrowIfCancellationRequested();
                if (read == 0) return false;
                throw new MediaRejectedException($"The decoder stopped in the middle of a frame: {_process.Tail}");
            }
            read += n;
        }
        return true;
    }

    /// <summary>
    /// Reads every frame on a thread of its own with blocking reads (<see cref="ReadFrame"/>), handing each, with its
    /// number from 0, to <paramref name="onFrame"/> on that thread; the buffer is reused, so copy what must outlive the call.
    /// For readers whose per-frame work is synchronous and small, next to a decode or encode that keeps every core busy.
    /// </summary>
    public Task ReadAllAsync(Action<int, byte[]> onFrame, CancellationToken ct = default) =>
        Task.Factory.StartNew(() =>
        {
            var buffer = new byte[FrameBytes];
            for (var index = 0; ReadFrame(buffer, ct); index++) onFrame(index, buffer);
        }, ct, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>Waits for ffmpeg to finish; a decode error means the input is corrupt or truncated.</summary>
    public async Task CompleteAsync(CancellationToken ct = default)
    {
        try
        {
            await _process.WaitForSuccessAsync(ct);
        }
        catch (MediaProcessException ex)
        {
            throw new MediaRejectedException($"Decoding failed (corrupt or truncated video): {ex.StderrTail}", ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        if (_filterScript is not null) File.Delete(_filterScript);
    }
}
