using System.Runtime.CompilerServices;

namespace Matchcut.Storage;

/// <summary>The embedded default: objects are files under a root folder; writes go to a temporary file and are renamed.</summary>
public sealed class FileSystemObjectStore : IObjectStore
{
    private readonly string _root;

    public FileSystemObjectStore(string root)
    {
        _root = Path.GetFullPath(root);
        Directory.CreateDirectory(_root);
    }

    /// <summary>The folder holding the objects.</summary>
    public string Root => _root;

    public Task<bool> ExistsAsync(string key, CancellationToken ct = default) => Task.FromResult(File.Exists(PathOf(key)));

    public async Task PutAsync(string key, Stream content, string? contentType = null, CancellationToken ct = default)
    {
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = $"{path}.{Guid.NewGuid():N}.partial";
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
                await content.CopyToAsync(file, ct);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    public Task<Stream> OpenReadAsync(string key, CancellationToken ct = default)
    {
        var path = PathOf(key);
        if (!File.Exists(path)) throw new ObjectNotFoundException(key);
        return Task.FromResult<Stream>(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16, useAsync: true));
    }

    /// <summary>The file itself: a FileStream seeks.</summary>
    public Task<Stream> OpenSeekableAsync(string key, CancellationToken ct = default) => OpenReadAsync(key, ct);

    public Task DeleteAsync(string key, CancellationToken ct = default)
    {
        var path = PathOf(key);
        // File.Delete tolerates a missing file but not a missing folder; both mean "already gone".
        if (File.Exists(path)) File.Delete(path);
        return Task.CompletedTask;
    }

    public Task MoveAsync(string fromKey, string toKey, CancellationToken ct = default)
    {
        var from = PathOf(fromKey);
        var to = PathOf(toKey);
        if (!File.Exists(from)) throw new ObjectNotFoundException(fromKey);
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        File.Move(from, to, overwrite: true);
        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<string> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken ct = default)
    {
        if (!Directory.Exists(_root)) yield break;
        var keys = Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories)
            .Where(p => !p.EndsWith(".partial", StringComparison.Ordinal))
            .Select(p => Path.GetRelativePath(_root, p).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(k => k.StartsWith(prefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            ct.ThrowIfCancellationRequested();
            yield return key;
        }
        await Task.CompletedTask;
    }

    public Task<LocalFile> OpenLocalFileAsync(string key, CancellationToken ct = default)
    {
        var path = PathOf(key);
        if (!File.Exists(path)) throw new ObjectNotFoundException(key);
        return Task.FromResult(new LocalFile(path));
    }

    private string PathOf(string key) => Path.Combine(_root, ObjectKey.Validate(key).Replace('/', Path.DirectorySeparatorChar));
}
