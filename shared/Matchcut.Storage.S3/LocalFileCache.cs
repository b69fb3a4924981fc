namespace Matchcut.Storage.S3;

/// <summary>
/// Downloaded copies in one folder, kept under a byte bound: the least recently used copy no one holds is deleted to
/// make room, a held copy never is, and a copy that cannot fit fails naming the room it needs. One store per folder.
/// </summary>
internal sealed class LocalFileCache
{
    private readonly string _folder;
    private readonly long _maxBytes;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _usedBytes; // downloads in progress count with their full size
    private long _clock;

    private sealed class Entry(long bytes, Task ready)
    {
        public long Bytes { get; } = bytes;
        public Task Ready { get; } = ready;
        public int Holders { get; set; }
        public long LastUse { get; set; }
    }

    public LocalFileCache(string folder, long maxBytes)
    {
        _folder = folder;
        _maxBytes = maxBytes;
        if (!Directory.Exists(folder)) return;
        // Copies an earlier process left count against the bound until evicted; half-written ones are dropped.
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (file.EndsWith(".partial", StringComparison.Ordinal)) { File.Delete(file); continue; }
            var length = new FileInfo(file).Length;
            _entries[file] = new Entry(length, Task.CompletedTask) { LastUse = ++_clock };
            _usedBytes += length;
        }
    }

    /// <summary>Holds the copy at <paramref name="path"/>, downloading it first when absent; dispose the result to let it go.</summary>
    public async Task<LocalFile> AcquireAsync(string key, string path, long bytes, Func<CancellationToken, Task> download, CancellationToken ct)
    {
        Entry entry;
        TaskCompletionSource? mine = null;
        lock (_gate)
        {
            if (!_entries.TryGetValue(path, out entry!))
            {
                MakeRoom(key, bytes);
                mine = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                entry = new Entry(bytes, mine.Task);
                _entries[path] = entry;
                _usedBytes += bytes;
            }
            entry.Holders++;
            entry.LastUse = ++_clock;
        }
        try
        {
            if (mine is null)
            {
                await entry.Ready.WaitAsync(ct);
            }
            else
            {
                await download(ct);
                mine.SetResult();
            }
        }
        catch (Exception e)
        {
            lock (_gate)
            {
                entry.Holders--;
                if (mine is not null && _entries.Remove(path)) _usedBytes -= bytes;
            }
            mine?.SetException(e);
            _ = mine?.Task.Exception; // observed: waiters see it through their own await
            throw;
        }
        return new LocalFile(path, () => { lock (_gate) entry.Holders--; });
    }

    private void MakeRoom(string key, long bytes)
    {
        if (bytes > _maxBytes)
            throw new LocalCacheFullException(permanent: true,
                $"'{key}' has {bytes} bytes, more than the whole local cache allows (Storage:S3:LocalCacheMaxBytes = {_maxBytes}, at {_folder}); " +
                "give the service scratch space of at least the object's size (docs/deploy.md, Scratch space).");
        var victims = _entries.Where(e => e.Value.Holders == 0 && e.Value.Ready.IsCompletedSuccessfully).OrderBy(e => e.Value.LastUse).ToList();
        foreach (var (path, victim) in victims)
        {
            if (_usedBytes + bytes <= _maxBytes) break;
            File.Delete(path);
            var folder = Path.GetDirectoryName(path)!;
            if (folder != _folder && Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any()) Directory.Delete(folder);
            _entries.Remove(path);
            _usedBytes -= victim.Bytes;
        }
        if (_usedBytes + bytes > _maxBytes)
            throw new LocalCacheFullException(permanent: false,
                $"'{key}' needs {bytes} bytes of local cache but only {_maxBytes - _usedBytes} of {_maxBytes} are free " +
                $"(Storage:S3:LocalCacheMaxBytes, at {_folder}); the rest is held by work in progress.");
    }
}
