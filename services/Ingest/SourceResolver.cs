using Matchcut.Hosting;
using Matchcut.Storage;
using Microsoft.Extensions.Options;

namespace Matchcut.Ingest;

/// <summary>Turns a source URI into a readable stream: a file under an allowed root, or an s3:// key in the object store.</summary>
public sealed class SourceResolver(IOptions<IngestOptions> options, IObjectStore store)
{
    public async Task<Stream> OpenAsync(string sourceUri, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(sourceUri)) throw new AssetRejectedException("The source URI is empty.");
        if (sourceUri.StartsWith("s3://", StringComparison.OrdinalIgnoreCase)) return await OpenObjectAsync(sourceUri, ct);
        if (sourceUri.StartsWith('/')) return OpenFile(sourceUri);
        if (Uri.TryCreate(sourceUri, UriKind.Absolute, out var uri))
        {
            if (uri.IsFile) return OpenFile(uri.LocalPath);
            throw new AssetRejectedException($"Unsupported source URI scheme '{uri.Scheme}': use a file path, file:// or s3://.");
        }
        throw new AssetRejectedException($"Not an absolute path or URI: '{sourceUri}'.");
    }

    private Stream OpenFile(string path)
    {
        var full = Path.GetFullPath(path);
        var roots = options.Value.AllowedRoots.Select(r => Path.TrimEndingDirectorySeparator(Path.GetFullPath(r))).ToList();
        if (!roots.Any(root => full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
            throw new AssetRejectedException($"'{full}' is outside the configured source roots (Ingest:AllowedRoots).");
        var info = new FileInfo(full);
        if (!info.Exists) throw new AssetRejectedException($"File not found: {full}");
        // A link inside a root may point anywhere; judge where it leads.
        if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is { } target
            && !roots.Any(root => target.FullName.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
            throw new AssetRejectedException($"'{full}' links outside the configured source roots.");
        if (info.Length == 0) throw new AssetRejectedException("The file is empty (0 bytes).");
        if (info.Length > options.Value.MaxBytes)
            throw new AssetRejectedException($"The file has {info.Length} bytes, more than the {options.Value.MaxBytes} allowed (Ingest:MaxBytes).");
        return new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, useAsync: true);
    }

    private async Task<Stream> OpenObjectAsync(string sourceUri, CancellationToken ct)
    {
        var rest = sourceUri["s3://".Length..];
        var slash = rest.IndexOf('/');
        if (slash <= 0 || slash == rest.Length - 1) throw new AssetRejectedException($"'{sourceUri}' names no object: use s3://bucket/key.");
        var bucket = rest[..slash];
        var key = rest[(slash + 1)..];
        if (bucket != options.Value.SourceBucket)
            throw new AssetRejectedException($"Bucket '{bucket}' is not the configured source bucket '{options.Value.SourceBucket}'.");
        try
        {
            return await store.OpenReadAsync(ObjectKey.Validate(key), ct);
        }
        catch (ArgumentException ex)
        {
            throw new AssetRejectedException($"'{sourceUri}': {ex.Message}");
        }
        catch (ObjectNotFoundException)
        {
            throw new AssetRejectedException($"No object at '{sourceUri}'.");
        }
    }
}
