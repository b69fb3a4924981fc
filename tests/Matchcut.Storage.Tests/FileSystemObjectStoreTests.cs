namespace Matchcut.Storage.Tests;

/// <summary>The contract against the embedded filesystem store, in a temporary folder per test.</summary>
public sealed class FileSystemObjectStoreTests : ObjectStoreContract, IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"matchcut-fs-{Guid.NewGuid():N}");
    private readonly FileSystemObjectStore _store;

    public FileSystemObjectStoreTests() => _store = new FileSystemObjectStore(_root);

    protected override IObjectStore Store => _store;

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
