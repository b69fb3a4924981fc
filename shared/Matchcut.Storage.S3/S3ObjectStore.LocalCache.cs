using System.Security.Cryptography;
using System.Text;

namespace Matchcut.Storage.S3;

// Local copies for tools that read files (ffmpeg). A copy is named after key and ETag, so a changed object gets a new file.
public sealed partial class S3ObjectStore
{
    public async Task<string> GetLocalPathAsync(string key, CancellationToken ct = default)
    {
        ObjectKey.Validate(key);
        await EnsureBucketAsync(ct);
        var head = await CallAsync(key, t => _s3.GetObjectMetadataAsync(_options.Bucket, key, t), ct);
        var cached = CachePathOf(key, head.ETag);
        if (File.Exists(cached)) return cached;

        using var response = await CallAsync(key, t => _s3.GetObjectAsync(_options.Bucket, key, t), ct);
        // Name the file after what was downloaded; the object may have changed since the HEAD.
        var path = CachePathOf(key, response.ETag);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = $"{path}.{Guid.NewGuid():N}.partial";
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
                await response.ResponseStream.CopyToAsync(file, ct);
            // Rename so that a reader never sees half a file; a concurrent download of the same version is identical.
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
        return path;
    }

    // One folder per key and version keeps the file name, and so the extension ffmpeg looks at, unchanged.
    private string CachePathOf(string key, string? etag)
    {
        var keyHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..24];
        var version = new string((etag ?? "").Where(char.IsAsciiLetterOrDigit).ToArray());
        return Path.Combine(Path.GetFullPath(_options.LocalCacheFolder), _options.Bucket, $"{keyHash}-{version}", Path.GetFileName(key));
    }
}
