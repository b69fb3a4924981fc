namespace Matchcut.Media;

/// <summary>Runs an ffmpeg command whose filter chain starts with showinfo, returning each source frame's pts.</summary>
public static class FfmpegEncode
{
    /// <param name="frames">Told the number of frames encoded so far, when given.</param>
    public static async Task<double[]> RunAsync(MediaOptions options, IReadOnlyList<string> arguments, CancellationToken ct, IProgress<int>? frames = null)
    {
        var timestamps = new ShowinfoTimestamps();
        await using var process = ToolProcess.Start(options.FfmpegPath, arguments, line =>
        {
            if (timestamps.OnStderrLine(line)) frames?.Report(timestamps.Count);
        });
        await process.StandardOutput.CopyToAsync(Stream.Null, ct);
        try
        {
            await process.WaitForSuccessAsync(ct);
        }
        catch (MediaProcessException ex) when (!ct.IsCancellationRequested)
        {
            throw new MediaRejectedException($"ffmpeg could not encode the source: {ex.StderrTail}", ex);
        }
        return timestamps.Snapshot();
    }

    /// <summary>Runs an ffmpeg command to completion; failures carry ffmpeg's last lines.</summary>
    public static async Task RunPlainAsync(MediaOptions options, IReadOnlyList<string> arguments, CancellationToken ct)
    {
        await using var process = ToolProcess.Start(options.FfmpegPath, arguments);
        await process.StandardOutput.CopyToAsync(Stream.Null, ct);
        await process.WaitForSuccessAsync(ct);
    }
}
