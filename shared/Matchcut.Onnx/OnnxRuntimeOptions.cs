namespace Matchcut.Onnx;

/// <summary>Where to find the native ONNX Runtime library.</summary>
public sealed class OnnxRuntimeOptions
{
    /// <summary>Environment variable that overrides the library location.</summary>
    public const string LibraryPathVariable = "MATCHCUT_ORT_LIB";

    /// <summary>Where scripts/fetch-onnxruntime.sh puts the library, relative to the repository root.</summary>
    public const string FetchedLibraryRelativePath = ".tools/onnxruntime/1.30.0/libonnxruntime.so.1";

    /// <summary>Path of libonnxruntime.so; null means <see cref="ResolveLibraryPath"/> picks the default.</summary>
    public string? LibraryPath { get; set; }

    /// <summary>ORT log severity for the environment (0 verbose .. 4 fatal); warnings by default.</summary>
    public int LogSeverity { get; set; } = 2;

    /// <summary>LibraryPath if set, else MATCHCUT_ORT_LIB, else the fetched copy found above AppContext.BaseDirectory.</summary>
    public string ResolveLibraryPath()
    {
        if (!string.IsNullOrWhiteSpace(LibraryPath)) return LibraryPath;

        var fromEnvironment = Environment.GetEnvironmentVariable(LibraryPathVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment)) return fromEnvironment;

        return RepositoryPaths.FindUpwards(AppContext.BaseDirectory, FetchedLibraryRelativePath, directory: false)
            ?? throw new DllNotFoundException(
                $"ONNX Runtime library not found: no {FetchedLibraryRelativePath} above '{AppContext.BaseDirectory}' and " +
                $"{LibraryPathVariable} is not set. Run scripts/fetch-onnxruntime.sh from the repository root.");
    }
}
