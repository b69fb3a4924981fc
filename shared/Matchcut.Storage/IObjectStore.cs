namespace Matchcut.Storage;

/// <summary>Content and results by key. Keys are relative, slash-separated paths (see <see cref="ObjectKey"/>).</summary>
public interface IObjectStore
{
    /// <summary>True when an object exists under the key.</summary>
    Task<bool> ExistsAsync(string key, CancellationToken ct = default);

    /// <summary>Stores the stream's content under the key, replacing what was there. Readers never see a partial object.</summary>
    Task PutAsync(string key, Stream content, string? contentType = null, CancellationToken ct = default);

    /// <summary>Opens the object for reading; throws <see cref="ObjectNotFoundException"/> when absent.</summary>
    Task<Stream> OpenReadAsync(string key, CancellationToken ct = default);

    /// <summary>
    /// Opens the object for random access (Length, Seek), e.g. to answer a byte range; throws
    /// <see cref="ObjectNotFoundException"/> when absent. The filesystem store opens its file; a remote store reads only
    /// the ranges asked for.
    /// </summary>
    Task<Stream> OpenSeekableAsync(string key, CancellationToken ct = default);

    /// <summary>Deletes the object if present.</summary>
    Task DeleteAsync(string key, CancellationToken ct = default);

    /// <summary>Renames an object (copy then delete where the store cannot rename).</summary>
    Task MoveAsync(string fromKey, string toKey, CancellationToken ct = default);

    /// <summary>Keys starting with the prefix, in ordinal order.</summary>
    IAsyncEnumerable<string> ListAsync(string prefix, CancellationToken ct = default);

    /// <summary>A local file with the object's content, for tools such as ffmpeg that read files; dispose it when done.</summary>
    /// <remarks>The filesystem store returns its own file; remote stores download to a bounded cache.</remarks>
    Task<LocalFile> OpenLocalFileAsync(string key, CancellationToken ct = default);
}
