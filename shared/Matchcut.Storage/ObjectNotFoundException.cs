namespace Matchcut.Storage;

/// <summary>The key names no object.</summary>
public sealed class ObjectNotFoundException(string key)
    : Exception($"No object under key '{key}'.")
{
    /// <summary>The missing key.</summary>
    public string Key { get; } = key;
}
