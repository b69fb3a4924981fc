namespace Matchcut.Storage;

/// <summary>A local copy does not fit the store's bounded cache. Permanent: larger than the whole cache, so retrying cannot help.</summary>
public sealed class LocalCacheFullException(bool permanent, string message) : IOException(message)
{
    public bool Permanent { get; } = permanent;
}
