using System.Globalization;

namespace Matchcut.Media;

/// <summary>A still picture decoded to packed RGB24.</summary>
public sealed record DecodedStill(byte[] Pixels, int Width, int Height);

/// <summary>
/// Decodes a JPEG or PNG (the bytes a user sends) with ffmpeg the way a video frame reaches the frame encoder: scaled to
/// the standardized profile's height in its own aspect (with the profile's scale) and through yuv420p, so a still grabbed
/// from a film and that film's standardized frames look alike to the encoder.
/// </summary>
public sealed class StillImageDecoder(MediaOptions media)
{
    /// <summary>
    /// Most pixels a picture may decode to (8K UHD and some): a PNG of a few hundred KiB can otherwise declare
    /// 12000x12000 and make ffmpeg hold half a GiB before it scales.
    /// </summary>
    public const long MaxPixels = 8192L * 4320;

    /// <summary>True for the JPEG and PNG signatures: what search by picture accepts.</summary>
    public static bool IsJpegOrPng(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) || bytes.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);

    /// <exception cref="MediaRejectedException">The bytes are not a JPEG or PNG ffmpeg can decode.</exception>
    public async Task<DecodedStill> DecodeAsync(byte[] image, int height, CancellationToken ct)
    {
        if (!IsJpegOrPng(image)) throw new MediaRejectedException("The picture is neither JPEG nor PNG.");
        var filter = string.Create(CultureInfo.InvariantCulture, $"scale=-2:{height}:flags={StandardizedProfile.Current.ScaleFlags},setsar=1,format=yuv420p");
        await using var p = ToolProcess.Start(media.FfmpegPath,
            ["-nostdin", "-hide_banner", "-nostats", "-protocol_whitelist", "pipe", "-max_pixels", MaxPixels.ToString(CultureInfo.InvariantCulture),
             "-f", "image2pipe", "-i", "pipe:0", "-frames:v", "1", "-vf", filter,
             "-pix_fmt", "rgb24", "-c:v", "ppm", "-f", "image2pipe", "pipe:1"], writeStdin: true);
        // Writing and reading at once: ffmpeg may start answering before it has read the whole picture.
        var write = Task.Run(async () =>
        {
            try
            {
                await p.StandardInput.WriteAsync(image, ct);
            }
            catch (IOException) { } // ffmpeg stopped reading (bad picture): its exit status says why
            finally
            {
                p.StandardInput.Close();
            }
        }, ct);
        using var output = new MemoryStream();
        await p.StandardOutput.CopyToAsync(output, ct);
        await write;
        try
        {
            await p.WaitForSuccessAsync(ct);
        }
        catch (MediaProcessException e) when (e.StderrTail.Contains("max pixel count", StringComparison.Ordinal))
        {
            throw new MediaRejectedException($"The picture has more than the {MaxPixels} pixels allowed.", e);
        }
        catch (MediaProcessException e)
        {
            throw new MediaRejectedException($"The picture could not be decoded: {e.Message}", e);
        }
        return ParsePpm(output.ToArray());
    }

    // P6 header: magic, width, height, max value, each separated by whitespace, then one whitespace byte and the pixels.
    private static DecodedStill ParsePpm(byte[] ppm)
    {
        var at = 0;
        string Token()
        {
            while (at < ppm.Length && char.IsWhiteSpace((char)ppm[at])) at++;
            var start = at;
            while (at < ppm.Length && !char.IsWhiteSpace((char)ppm[at])) at++;
            return System.Text.Encoding.ASCII.GetString(ppm, start, at - start);
        }
        if (Token() != "P6" || !int.TryParse(Token(), out var w) || !int.TryParse(Token(), out var h) || Token() != "255")
            throw new MediaRejectedException("The picture could not be decoded: ffmpeg gave no RGB frame.");
        at++;
        if (ppm.Length - at < w * h * 3) throw new MediaRejectedException("The picture could not be decoded: ffmpeg's frame is truncated.");
        return new DecodedStill(ppm.AsSpan(at, w * h * 3).ToArray(), w, h);
    }
}
