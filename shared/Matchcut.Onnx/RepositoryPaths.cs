namespace Matchcut.Onnx;

/// <summary>Finds files relative to the checkout by walking up from the running binary.</summary>
internal static class RepositoryPaths
{
    /// <summary>First ancestor of <paramref name="start"/> (itself included) under which <paramref name="relativePath"/> exists.</summary>
    public static string? FindUpwards(string start, string relativePath, bool directory)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relativePath);
            if (directory ? Directory.Exists(candidate) : File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
