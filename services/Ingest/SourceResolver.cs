using Matchcut.Pipeline;
using Matchcut.ServiceDefaults;
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
        var given = Path.GetFullPath(path);
        // Links on the way are resolved here only to open the file they lead to; what counts is the file opened:
        // opened without following a final link, then judged by its handle's real path, type and size, and read
        // through that handle only, so swapping a folder or file for a link after this resolution gains nothing.
        // The check by name first refuses early and says nothing of whether a file outside exists.
        var roots = options.Value.AllowedRoots.Select(r => Path.TrimEndingDirectorySeparator(RealPath(Path.GetFullPath(r)))).ToList();
        var resolved = RealPath(given);
        EnsureUnderRoots(given, resolved, roots);
        var opened = NoFollowFile.Open(resolved);
        try
        {
            EnsureUnderRoots(given, opened.RealPath, roots);
            if (!opened.IsRegular) throw new AssetRejectedException($"'{given}' is {opened.Kind}, not a regular file; nothing was read.");
            if (opened.Size == 0) throw new AssetRejectedException("The file is empty (0 bytes).");
            if (opened.Size > options.Value.MaxBytes)
                throw new AssetRejectedException($"The file has {opened.Size} bytes, more than the {options.Value.MaxBytes} allowed (Ingest:MaxBytes).");
            return new FileStream(opened.Handle, FileAccess.Read, 1 << 20);
        }
        catch
        {
            opened.Handle.Dispose();
            throw;
        }
    }

    private static void EnsureUnderRoots(string given, string real, List<string> roots)
    {
        if (!roots.Any(root => real.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
            throw new AssetRejectedException(real == given
                ? $"'{given}' is outside the configured source roots (Ingest:AllowedRoots)."
                : $"'{given}' leads to '{real}', which is outside the configured source roots (Ingest:AllowedRoots).");
    }

    /// <summary>The path with every symbolic link on it resolved, component by component (what realpath(3) gives); parts that do not exist are kept as they are.</summary>
    internal static string RealPath(string fullPath, int depth = 0)
    {
        if (depth > 40) throw new AssetRejectedException($"Too many levels of symbolic links under '{fullPath}'.");
        var root = Path.GetPathRoot(fullPath)!;
        var current = root;
        foreach (var part in fullPath[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, part);
            if (new FileInfo(next).LinkTarget is { } target)
                next = RealPath(Path.GetFullPath(Path.IsPathRooted(target) ? target : Path.Combine(current, target)), depth + 1);
            current = next;
        }
        return current;
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
        if (!options.Value.UploadPrefixes.Any(p => key.StartsWith(p, StringComparison.Ordinal)))
            throw new AssetRejectedException(
                $"'{sourceUri}' is not under an upload prefix (Ingest:UploadPrefixes: {string.Join(", ", options.Value.UploadPrefixes)}); the pipeline's own objects are never landed.");
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
