namespace Matchcut.Analysis.Tests;

/// <summary>Finds the shared footage: MATCHCUT_MEDIA, else the first shared/media walking up from the test binaries.</summary>
public static class MediaFiles
{
    private static readonly Lazy<string> Folder = new(Locate);

    public static string Path(string name) => System.IO.Path.Combine(Folder.Value, name);

    private static string Locate()
    {
        if (Environment.GetEnvironmentVariable("MATCHCUT_MEDIA") is { Length: > 0 } configured) return configured;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "shared", "media");
            if (File.Exists(System.IO.Path.Combine(candidate, "TRUTH.md"))) return candidate;
        }
        throw new DirectoryNotFoundException("No shared/media above the test binaries; set MATCHCUT_MEDIA.");
    }
}
