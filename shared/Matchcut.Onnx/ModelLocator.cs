namespace Matchcut.Onnx;

/// <summary>Where the pretrained models live.</summary>
public sealed class ModelsOptions
{
    /// <summary>Environment variable that overrides the models folder.</summary>
    public const string ModelsDirectoryVariable = "MATCHCUT_MODELS";

    /// <summary>Models folder; null means MATCHCUT_MODELS, else the nearest shared/models above the running binary.</summary>
    public string? ModelsDirectory { get; set; }
}

/// <summary>Resolves model file names to paths in the configured models folder.</summary>
public sealed class ModelLocator
{
    /// <summary>Resolves the folder from <paramref name="options"/>, the environment, or the directory layout.</summary>
    public ModelLocator(ModelsOptions? options = null)
    {
        ModelsDirectory = ResolveDirectory(options ?? new ModelsOptions());
    }

    /// <summary>Full path of the models folder.</summary>
    public string ModelsDirectory { get; }

    /// <summary>Full path of <paramref name="fileName"/> in the models folder; throws if it is not there.</summary>
    public string Resolve(string fileName)
    {
        var path = Path.Combine(ModelsDirectory, fileName);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"Model '{fileName}' not found in models folder '{ModelsDirectory}'.", path);
    }

    private static string ResolveDirectory(ModelsOptions options)
    {
        var configured = options.ModelsDirectory;
        if (string.IsNullOrWhiteSpace(configured)) configured = Environment.GetEnvironmentVariable(ModelsOptions.ModelsDirectoryVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var full = Path.GetFullPath(configured);
            return Directory.Exists(full)
                ? full
                : throw new DirectoryNotFoundException($"Models folder '{full}' (from configuration or {ModelsOptions.ModelsDirectoryVariable}) does not exist.");
        }

        // The repository checkout sits next to a shared/ folder (/work/main beside /work/shared), so walking up from
        // the binary finds <parent>/shared/models; worktrees nested deeper find it the same way.
        return RepositoryPaths.FindUpwards(AppContext.BaseDirectory, Path.Combine("shared", "models"), directory: true)
            ?? throw new DirectoryNotFoundException(
                $"No models folder: set {ModelsOptions.ModelsDirectoryVariable} or ModelsOptions.ModelsDirectory " +
                $"(no shared/models found above '{AppContext.BaseDirectory}').");
    }
}
