using System.Security.Cryptography;
using Matchcut.Encoders.Frames;

namespace Matchcut.Encoders.Downloads;

/// <summary>A download that failed or whose bytes are not the pinned ones; nothing of it is kept.</summary>
public sealed class ModelDownloadException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Fetches the published models into a folder, checks each against its pinned SHA-256, and derives the variants the
/// encoders read. A file already there with the right hash is kept as is. With a mirror, each file is fetched as
/// MIRROR/&lt;file name&gt; (a folder laid out like shared/models) instead of from its publisher.
/// </summary>
public sealed class ModelDownloader(HttpClient http, Action<string> report)
{
    public async Task DownloadAsync(string folder, Uri? mirror, CancellationToken ct)
    {
        Directory.CreateDirectory(folder);
        foreach (var file in PublishedModels.Files)
        {
            var target = Path.Combine(folder, file.FileName);
            if (HasHash(target, file.Sha256))
            {
                report($"{file.FileName}: already there");
                continue;
            }
            var url = mirror is null ? new Uri(file.Url) : new Uri(mirror, file.FileName);
            var bytes = await FetchAsync(url, ct);
            WriteChecked(target, bytes, file.Sha256, $"{file.FileName} from {url}");
            report($"{file.FileName}: downloaded from {url} ({bytes.Length} bytes, SHA-256 checked)");
        }
        foreach (var d in PublishedModels.Derived)
        {
            var target = Path.Combine(folder, d.FileName);
            if (HasHash(target, d.Sha256))
            {
                report($"{d.FileName}: already there");
                continue;
            }
            var derived = OnnxGraphOutputs.WithFloatOutput(await File.ReadAllBytesAsync(Path.Combine(folder, d.From), ct), d.Tensor, d.Dims);
            WriteChecked(target, derived, d.Sha256, $"{d.FileName} derived from {d.From}");
            report($"{d.FileName}: derived from {d.From} (output {d.Tensor} added, SHA-256 checked)");
        }
    }

    private async Task<byte[]> FetchAsync(Uri url, CancellationToken ct)
    {
        try
        {
            using var response = await http.GetAsync(url, ct);
            if (!response.IsSuccessStatusCode)
                throw new ModelDownloadException($"{url} answered {(int)response.StatusCode} {response.ReasonPhrase}.");
            return await response.Content.ReadAsByteArrayAsync(ct);
        }
        catch (HttpRequestException e)
        {
            throw new ModelDownloadException($"{url} could not be fetched: {e.Message}", e);
        }
    }

    // Written beside the target and renamed, so a failed check or an interrupted write leaves no file under the model's name.
    private static void WriteChecked(string target, byte[] bytes, string sha256, string what)
    {
        var actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (actual != sha256)
            throw new ModelDownloadException($"Checksum mismatch for {what}: expected SHA-256 {sha256}, got {actual}; the file was not kept.");
        var part = target + ".part";
        File.WriteAllBytes(part, bytes);
        File.Move(part, target, overwrite: true);
    }

    private static bool HasHash(string path, string sha256) => File.Exists(path) && ModelFileHash.Sha256(path) == sha256;
}
