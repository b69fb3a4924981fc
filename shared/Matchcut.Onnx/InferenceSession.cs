using Matchcut.Onnx.Native;

namespace Matchcut.Onnx;

/// <summary>An ORT session over one model file; <see cref="Run(TensorInput[])"/> may be called from many threads at once.</summary>
public sealed class InferenceSession : IDisposable
{
    /// <summary>Name ORT gives its CPU execution provider.</summary>
    public const string CpuProvider = "CPUExecutionProvider";

    /// <summary>Name ORT gives its CUDA execution provider.</summary>
    public const string CudaProvider = "CUDAExecutionProvider";

    private readonly OrtApi _api;
    private readonly OrtSessionHandle _session;
    private readonly OrtMemoryInfoHandle _cpuMemory;
    private readonly string[] _allOutputNames;

    private InferenceSession(OrtApi api, OrtSessionHandle session, OrtMemoryInfoHandle cpuMemory, string modelPath, string provider)
    {
        _api = api;
        _session = session;
        _cpuMemory = cpuMemory;
        ModelPath = modelPath;
        ExecutionProvider = provider;
        Inputs = SessionMetadataReader.ReadInputs(api, session.DangerousGetHandle());
        Outputs = SessionMetadataReader.ReadOutputs(api, session.DangerousGetHandle());
        _allOutputNames = Outputs.Select(o => o.Name).ToArray();
    }

    /// <summary>Full path of the model file.</summary>
    public string ModelPath { get; }

    /// <summary>File name of the model, used in error messages.</summary>
    public string ModelName => Path.GetFileName(ModelPath);

    /// <summary>The provider the session was built for: <see cref="CpuProvider"/> or <see cref="CudaProvider"/>.</summary>
    public string ExecutionProvider { get; }

    /// <summary>Model inputs in graph order.</summary>
    public IReadOnlyList<TensorInfo> Inputs { get; }

    /// <summary>Model outputs in graph order.</summary>
    public IReadOnlyList<TensorInfo> Outputs { get; }

    internal static unsafe InferenceSession Open(OnnxRuntime runtime, string modelPath, InferenceSessionOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        var fullPath = Path.GetFullPath(modelPath);
        if (!File.Exists(fullPath)) throw new FileNotFoundException($"ONNX model not found: '{fullPath}'.", fullPath);

        var api = runtime.Api;
        var (session, provider) = CreateSession(runtime, fullPath, options);
        OrtMemoryInfoHandle? memory = null;
        try
        {
            nint rawMemory;
            // Arena allocator, default memory type: describes plain CPU buffers we hand to ORT.
            api.Check(api.CreateCpuMemoryInfo(1, 0, &rawMemory), "CreateCpuMemoryInfo");
            memory = new OrtMemoryInfoHandle(rawMemory, api);
            return new InferenceSession(api, session, memory, fullPath, provider);
        }
        catch
        {
            memory?.Dispose();
            session.Dispose();
            throw;
        }
    }

    private static (OrtSessionHandle Session, string Provider) CreateSession(OnnxRuntime runtime, string fullPath, InferenceSessionOptions options)
    {
        if (!options.UseCuda) return (CreateNative(runtime, fullPath, options, withCuda: false), CpuProvider);
        try
        {
            return (CreateNative(runtime, fullPath, options, withCuda: true), CudaProvider);
        }
        catch (OnnxRuntimeException) when (options.AllowCpuFallback)
        {
            // CUDA could not be set up; the caller allowed running on CPU instead.
            return (CreateNative(runtime, fullPath, options, withCuda: false), CpuProvider);
        }
        catch (OnnxRuntimeException e)
        {
            // The npm linux-x64 build lists CUDA as compiled in, yet the provider plugins it needs
            // (libonnxruntime_providers_shared.so, libonnxruntime_providers_cuda.so) are not part of it.
            throw new ExecutionProviderUnavailableException(
                $"CUDA execution provider requested for '{Path.GetFileName(fullPath)}', but ONNX Runtime {runtime.Version} at " +
                $"'{runtime.LibraryPath}' could not enable it. ORT said: \"{e.OrtMessage}\". Use an ONNX Runtime build with CUDA " +
                "(libonnxruntime_providers_shared.so and libonnxruntime_providers_cuda.so beside the library, plus CUDA and cuDNN), " +
                "or set InferenceSessionOptions.AllowCpuFallback to run on CPU.", e);
        }
    }

    private static unsafe OrtSessionHandle CreateNative(OnnxRuntime runtime, string fullPath, InferenceSessionOptions options, bool withCuda)
    {
        var api = runtime.Api;
        using var sessionOptions = SessionOptionsBuilder.Build(api, options, withCuda);
        var path = Utf8.NullTerminated(fullPath);
        nint raw;
        fixed (byte* p = path)
        {
            api.Check(api.CreateSession(runtime.Env.DangerousGetHandle(), p, sessionOptions.DangerousGetHandle(), &raw),
                $"Could not load model '{fullPath}'");
        }
        return new OrtSessionHandle(raw, api, runtime.Env);
    }

    /// <summary>Runs the model on <paramref name="inputs"/> and returns every output.</summary>
    public RunResult Run(params TensorInput[] inputs) => Run(inputs, null);

    /// <summary>Runs the model and returns the outputs named in <paramref name="outputNames"/> (all when null), in that order.</summary>
    public RunResult Run(IReadOnlyList<TensorInput> inputs, IReadOnlyList<string>? outputNames)
    {
        ObjectDisposedException.ThrowIf(_session.IsClosed, this);
        ArgumentNullException.ThrowIfNull(inputs);
        outputNames ??= _allOutputNames;
        RunInputValidator.Validate(ModelName, Inputs, Outputs, inputs, outputNames);
        return SessionRunner.Run(_api, _session, _cpuMemory, ModelName, inputs, outputNames);
    }

    /// <summary>Releases the session; runs already in flight finish first.</summary>
    public void Dispose()
    {
        _session.Dispose();
        _cpuMemory.Dispose();
    }
}
