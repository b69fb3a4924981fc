namespace Matchcut.Onnx;

/// <summary>How the process-wide ONNX Runtime environment is set up.</summary>
public sealed class OnnxRuntimeOptions
{
    /// <summary>
    /// Path of a libonnxruntime.so to load instead of the one the NuGet package put beside the app (e.g. a folder where
    /// the CUDA provider libraries sit beside it; ORT loads its providers from the folder of libonnxruntime.so).
    /// Null means the package's library. A process loads one library: a second, different path is an error.
    /// </summary>
    public string? LibraryPath { get; set; }

    /// <summary>ORT log severity for the environment (0 verbose .. 4 fatal); warnings by default.</summary>
    public int LogSeverity { get; set; } = 2;
}
