namespace Matchcut.Onnx;

/// <summary>Where the pretrained models live.</summary>
public sealed class ModelsOptions
{
    /// <summary>Environment variable that overrides the models folder.</summary>
    public const string ModelsDirectoryVariable = "MATCHCUT_MODELS";

    /// <summary>Models folder; null means MATCHCUT_MODELS, else the nearest shared/models above the running binary (the user cache is searched after either).</summary>
    public string? ModelsDirectory { get; set; }

    /// <summary>
    /// Where `matchcut models` downloads to, searched after the folders above: $XDG_CACHE_HOME/matchcut/models, else
    /// ~/.cache/matchcut/models.
    /// </summary>
    public static string UserCacheDirectory
    {
        get
        {
            var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            if (string.IsNullOrWhiteSpace(cache))
                cache = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            return Path.GetFullPath(Path.Combine(cache, "matchcut", "models"));
        }
    }
}

/// <summary>
/// Resolves model file names to paths: the configured folder (or MATCHCUT_MODELS), else the nearest shared/models
/// above the running binary; then the user cache. Each file comes from the first folder that holds it.
/// </summary>
public sealed class ModelLocator
{
    /// <summary>Resolves the folders from <paramref name="options"/>, the environment, the directory layout and the cache.</summary>
    public ModelLocator(ModelsOptions? options = null)
    {
        Searched = ResolveFolders(options ?? new ModelsOptions());
    }

    /// <summary>The folders searched, in order, each with where it came from; the last (the user cache) may not exist.</summary>
    public IReadOnlyList<(string Folder, string Origin)> Searched { get; }

    /// <summary>The first folder searched that exists (the user cache when none does).</summary>
    public string ModelsDirectory => Searched.Select(s => s.Folder).FirstOrDefault(Directory.Exists) ?? Searched[^1].Folder;

    /// <summary>Whether any folder searched exists.</summary>
    public bool AnyFolderExists => Searched.Any(s => Directory.Exists(s.Folder));

    /// <summary>Every folder searched, for messages: "/a (MATCHCUT_MODELS), /b (user cache)".</summary>
    public string Describe() => string.Join(", ", Searched.Select(s => $"{s.Folder} ({s.Origin})"));

    /// <summary>Full path of <paramref name="fileName"/> in the first folder holding it; throws naming every folder if none does.</summary>
    public string Resolve(string fileName) =>
        TryResolve(fileName) ?? throw new FileNotFoundException($"Model '{fileName}' not found in models folder {Describe()}.", fileName);

    /// <summary>Full path of <paramref name="fileName"/> in the first folder holding it, or null.</summary>
    public string? TryResolve(string fileName) =>
        Searched.Select(s => Path.Combine(s.Folder, fileName)).FirstOrDefault(File.Exists);

    private static List<(string, string)> ResolveFolders(ModelsOptions options)
    {
        var folders = new List<(string, string)>();
        var configured = options.ModelsDirectory;
        var origin = "Models:Folder";
        if (string.IsNullOrWhiteSpace(configured))
        {
            configured = Environment.GetEnvironmentVariable(ModelsOptions.ModelsDirectoryVariable);
            origin = ModelsOptions.ModelsDirectoryVariable;
        }
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var full = Path.GetFullPath(configured);
            if (!Directory.Exists(full))
                throw new DirectoryNotFoundException($"Models folder '{full}' (from configuration or {ModelsOptions.ModelsDirectoryVariable}) does not exist.");
            folders.Add((full, origin));
        }
        // Unconfigured, the checkout's: it sits next to a shared/ folder (/work/main beside /work/shared), so walking up
        // from the binary finds <parent>/shared/models; worktrees nested deeper find it the same way.
        else if (RepositoryPaths.FindUpwards(AppContext.BaseDirectory, Path.Combine("shared", "models"), directory: true) is { } shared)
            folders.Add((shared, "shared/models above the program"));
        folders.Add((ModelsOptions.UserCacheDirectory, "user cache, filled by `make models`"));
        return folders;
    }
}
