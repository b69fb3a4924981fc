using Ort = Microsoft.ML.OnnxRuntime;

namespace Matchcut.Onnx;

/// <summary>ONNX Runtime (the Microsoft.ML.OnnxRuntime package) with its process-wide environment; opens inference sessions.</summary>
public sealed class OnnxRuntime : IDisposable
{
    private readonly Ort.OrtEnv _env;
    private int _disposed;

    private OnnxRuntime(Ort.OrtEnv env) => _env = env;

    /// <summary>ORT's version string, e.g. "1.31.1".</summary>
    public string Version => _env.GetVersionString();

    /// <summary>Full path of the loaded libonnxruntime.so.</summary>
    public string LibraryPath => NativeLibraryChoice.LoadedLibraryPath();

    /// <summary>Loads the library (the package's, or <see cref="OnnxRuntimeOptions.LibraryPath"/>) and sets up the environment.</summary>
    public static OnnxRuntime Create(OnnxRuntimeOptions? options = null)
    {
        options ??= new OnnxRuntimeOptions();
        if (options.LogSeverity is < 0 or > 4) throw new ArgumentOutOfRangeException(nameof(options), options.LogSeverity, "LogSeverity is 0 (verbose) to 4 (fatal).");
        NativeLibraryChoice.Choose(options.LibraryPath);
        var env = Ort.OrtEnv.Instance();
        env.EnvLogLevel = (Ort.OrtLoggingLevel)options.LogSeverity;
        return new OnnxRuntime(env);
    }

    /// <summary>Execution providers compiled into the library, e.g. CPUExecutionProvider.</summary>
    public IReadOnlyList<string> AvailableProviders() => _env.GetAvailableProviders();

    /// <summary>Opens a model file; when <paramref name="expected"/> is given, checks the model's inputs and outputs against it.</summary>
    public InferenceSession OpenSession(string modelPath, InferenceSessionOptions? options = null, ModelSpec? expected = null)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var session = InferenceSession.Open(this, modelPath, options ?? new InferenceSessionOptions());
        try
        {
            expected?.EnsureMatches(session);
            return session;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Stops this handle from opening sessions; ORT's environment lives as long as the process, sessions still open keep working.</summary>
    public void Dispose() => Interlocked.Exchange(ref _disposed, 1);
}
