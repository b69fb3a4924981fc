namespace Matchcut.Onnx;

/// <summary>An execution provider (e.g. CUDA) was requested but the loaded ONNX Runtime library cannot provide it.</summary>
public sealed class ExecutionProviderUnavailableException(string message, Exception inner)
    : InvalidOperationException(message, inner);
