namespace Matchcut.Pipeline;

/// <summary>The asset cannot be processed as given (bad URI, outside the allowed roots, missing object); retrying cannot help.</summary>
public sealed class AssetRejectedException(string reason, Exception? inner = null) : Exception(reason, inner);
