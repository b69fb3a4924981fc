namespace Matchcut.Onnx;

/// <summary>ORT's <c>GraphOptimizationLevel</c>.</summary>
public enum GraphOptimizationLevel
{
    /// <summary>No graph optimizations.</summary>
    DisableAll = 0,
    /// <summary>Basic, semantics-preserving rewrites.</summary>
    Basic = 1,
    /// <summary>Basic plus extended fusions.</summary>
    Extended = 2,
    /// <summary>Everything, including layout optimizations.</summary>
    All = 99,
}

/// <summary>How a session is built: threads, graph optimization, execution provider.</summary>
public sealed class InferenceSessionOptions
{
    /// <summary>Threads used inside one operator; 0 lets ORT choose (one per core).</summary>
    public int IntraOpThreads { get; set; }

    /// <summary>Graph optimization level; All by default, as in onnxruntime-node.</summary>
    public GraphOptimizationLevel GraphOptimization { get; set; } = GraphOptimizationLevel.All;

    /// <summary>Ask for the CUDA execution provider; fails unless the library has CUDA or <see cref="AllowCpuFallback"/> is set.</summary>
    public bool UseCuda { get; set; }

    /// <summary>CUDA device ordinal when <see cref="UseCuda"/> is set.</summary>
    public int CudaDeviceId { get; set; }

    /// <summary>When CUDA was asked for but is unavailable, run on CPU instead of failing.</summary>
    public bool AllowCpuFallback { get; set; }
}
