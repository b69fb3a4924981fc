namespace Matchcut.Storage;

/// <summary>
/// A local file holding an object's content, for tools such as ffmpeg that read files. Dispose it when done: a store
/// that keeps copies in a bounded cache may evict a copy only once no one holds it.
/// </summary>
public sealed class LocalFile(string path, Action? release = null) : IDisposable
{
    private Action? _release = release;

    public string Path { get; } = path;

    public void Dispose() => Interlocked.Exchange(ref _release, null)?.Invoke();
}
