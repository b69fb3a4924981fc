using System.Globalization;

namespace Matchcut.Media;

/// <summary>Turns raw RGB24 frames written to it into numbered JPEG files (00000.jpg, 00001.jpg, ...) through one ffmpeg process.</summary>
public sealed class JpegSequenceWriter : IAsyncDisposable
{
    private readonly ToolProcess _process;
    private readonly Task _drain;

    public JpegSequenceWriter(MediaOptions options, string folder, int width, int height, int quality = 3)
    {
        Directory.CreateDirectory(folder);
        _process = ToolProcess.Start(options.FfmpegPath,
        [
            "-nostdin", "-hide_banner", "-loglevel", "error", "-y", .. MediaInput.RawPipe, "-pix_fmt", "rgb24",
            "-s", string.Create(CultureInfo.InvariantCulture, $"{width}x{height}"), "-i", "pipe:0",
            "-q:v", quality.ToString(CultureInfo.InvariantCulture), "-start_number", "0", Path.Combine(folder, "%05d.jpg"),
        ], writeStdin: true);
        _drain = _process.StandardOutput.CopyToAsync(Stream.Null);
    }

    public ValueTask WriteAsync(ReadOnlyMemory<byte> rgbFrame, CancellationToken ct = default) =>
        _process.StandardInput.WriteAsync(rgbFrame, ct);

    /// <summary>Closes the input and waits until every image is written.</summary>
    public async Task CompleteAsync(CancellationToken ct = default)
    {
        await _process.StandardInput.DisposeAsync();
        await _drain;
        await _process.WaitForSuccessAsync(ct);
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
