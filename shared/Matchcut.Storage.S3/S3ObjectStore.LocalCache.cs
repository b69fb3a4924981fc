using System.Security.Cryptography;
using System.Text;
using Amazon.S3.Model;

namespace Matchcut.Storage.S3;

// Local copies for tools that read files (ffmpeg), in a bounded cache. A copy is named after key and ETag, so a changed object gets a new file.
public sealed partial class S3ObjectStore
{
    public async Task<LocalFile> OpenLocalFileAsync(string key, CancellationToken ct = default)
    {
        ObjectKey.Validate(key);
        await EnsureBucketAsync(ct);
        var head = await CallAsync(key, t => _s3.GetObjectMetadataAsync(_options.Bucket, key, t), ct);
        var path = CachePathOf(key, head.ETag);
        return await _cache.AcquireAsync(key, path, head.ContentLength, t => DownloadAsync(key, head.ETag, path, t), ct);
    }

    private async Task DownloadAsync(string key, string etag, string path, CancellationToken ct)
    {
        // Only the version the HEAD saw: its size is what the cache made room for.
        var request = new GetObjectRequest { BucketName = _options.Bucket, Key = key, EtagToMatch = etag };
        using var response = await CallAsync(key, t => _s3.GetObjectAsync(request, t), ct);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = $"{path}.{Guid.NewGuid():N}.partial";
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
                await response.ResponseStream.CopyToAsync(file, ct);
            // Rename so that a reader never sees half a file.
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    private string CacheFolder => Path.Combine(Path.GetFullPath(_options.LocalCacheFolder), _options.Bucket);

    // One folder per key and version keeps the file name, and so the extension ffmpeg looks at, unchanged.
    private string CachePathOf(string key, string? etag)
    {
        var keyHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..24];
        var version = new string((etag ?? "").Where(char.IsAsciiLetterOrDigit).ToArray());
        return Path.Combine(CacheFolder, $"{keyHash}-{version}", Path.GetFileName(key));
    }
}
