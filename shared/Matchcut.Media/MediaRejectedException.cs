namespace Matchcut.Media;

/// <summary>The input is not a usable video (empty, not video, corrupt, truncated); retrying cannot help.</summary>
public sealed class MediaRejectedException(string reason, Exception? inner = null) : Exception(reason, inner);
