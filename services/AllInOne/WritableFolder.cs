namespace Matchcut.AllInOne;

/// <summary>Checks, before any work starts, that a folder the user named can be created and written.</summary>
public static class WritableFolder
{
    /// <summary>Null when <paramref name="path"/> is (now) a writable folder, else one line saying why not.</summary>
    public static string? Problem(string path, string what)
    {
        var full = Path.GetFullPath(path);
        try
        {
            Directory.CreateDirectory(full);
            var probe = Path.Combine(full, $".matchcut-write-{Environment.ProcessId}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"matchcut: cannot write the {what} folder '{full}': {e.Message}";
        }
    }
}
