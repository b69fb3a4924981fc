using System.Buffers;
using System.Globalization;
using Ort = Microsoft.ML.OnnxRuntime;

namespace Matchcut.Onnx;

/// <summary>An ORT session over one model file; <see cref="Run(TensorInput[])"/> may be called from many threads at once.</summary>
public sealed class InferenceSession : IDisposable
{
    /// <summary>Name ORT gives its CPU execution provider.</summary>
    public const string CpuProvider = "CPUExecutionProvider";

    /// <summary>Name ORT gives its CUDA execution provider.</summary>
    public const string CudaProvider = "CUDAExecutionProvider";

    private readonly Ort.InferenceSession _session;
    private readonly string[] _allOutputNames;
    // One reference for the owner plus one per Run in flight; the native session is released when it reaches zero,
    // so Dispose during a Run lets the Run finish first.
    private int _references = 1;
    private int _disposed;

    private InferenceSession(Ort.InferenceSession session, string modelPath, string provider)
    {
        _session = session;
        ModelPath = modelPath;
        ExecutionProvider = provider;
        Inputs = ReadMetadata(session.InputNames, session.InputMetadata);
        Outputs = ReadMetadata(session.OutputNames, session.OutputMetadata);
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

    internal static InferenceSession Open(OnnxRuntime runtime, string modelPath, InferenceSessionOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        var fullPath = Path.GetFullPath(modelPath);
        if (!File.Exists(fullPath)) throw new FileNotFoundException($"ONNX model not found: '{fullPath}'.", fullPath);
        if (!options.UseCuda) return new InferenceSession(CreateNative(fullPath, options, withCuda: false), fullPath, CpuProvider);
        try
        {
            return new InferenceSession(CreateNative(fullPath, options, withCuda: true), fullPath, CudaProvider);
        }
        catch (CudaUnavailableException) when (options.AllowCpuFallback)
        {
            // CUDA could not be set up; the caller allowed running on CPU instead (ExecutionProvider says so).
            return new InferenceSession(CreateNative(fullPath, options, withCuda: false), fullPath, CpuProvider);
        }
        catch (CudaUnavailableException e)
        {
            throw new ExecutionProviderUnavailableException(
                $"CUDA execution provider requested for '{Path.GetFileName(fullPath)}', but ONNX Runtime {runtime.Version} at " +
                $"'{runtime.LibraryPath}' could not enable it. ORT said: \"{e.OrtMessage}\". The app needs the GPU build of ONNX Runtime " +
                "(built with -p:OnnxRuntimeFlavor=Gpu: Microsoft.ML.OnnxRuntime.Gpu.Linux, whose libonnxruntime_providers_cuda.so sits " +
                "beside libonnxruntime.so) and CUDA and cuDNN libraries the loader can find; or set Onnx:AllowCpuFallback to run on CPU.",
                e.InnerException!);
        }
    }

    private static Ort.InferenceSession CreateNative(string fullPath, InferenceSessionOptions options, bool withCuda)
    {
        using var sessionOptions = new Ort.SessionOptions
        {
            IntraOpNumThreads = options.IntraOpThreads,
            GraphOptimizationLevel = (Ort.GraphOptimizationLevel)options.GraphOptimization,
        };
        if (withCuda)
        {
            try
            {
                // Through the OrtApi table (CreateCUDAProviderOptions), which every build has: a build without CUDA answers
                // with an error status instead of lacking the legacy exported entry point.
                using var cuda = new Ort.OrtCUDAProviderOptions();
                cuda.UpdateOptions(new Dictionary<string, string> { ["device_id"] = options.CudaDeviceId.ToString(CultureInfo.InvariantCulture) });
                sessionOptions.AppendExecutionProvider_CUDA(cuda);
            }
            catch (Ort.OnnxRuntimeException e)
            {
                throw new CudaUnavailableException(OnnxRuntimeException.From(e, "appending the CUDA execution provider"));
            }
        }
        try
        {
            return new Ort.InferenceSession(fullPath, sessionOptions);
        }
        catch (Ort.OnnxRuntimeException e)
        {
            var error = OnnxRuntimeException.From(e, $"Could not load model '{fullPath}'");
            // CUDA is set up lazily by session creation: a provider or CUDA library that fails to load shows here.
            if (withCuda && error.OrtMessage.Contains("CUDA", StringComparison.OrdinalIgnoreCase)) throw new CudaUnavailableException(error);
            throw error;
        }
    }

    /// <summary>Runs the model on <paramref name="inputs"/> and returns every output.</summary>
    public RunResult Run(params TensorInput[] inputs) => Run(inputs, null);

    /// <summary>Runs the model and returns the outputs named in <paramref name="outputNames"/> (all when null), in that order.</summary>
    public RunResult Run(IReadOnlyList<TensorInput> inputs, IReadOnlyList<string>? outputNames)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        AddReference();
        try
        {
            outputNames ??= _allOutputNames;
            RunInputValidator.Validate(ModelName, Inputs, Outputs, inputs, outputNames);
            return RunNative(inputs, outputNames);
        }
        finally
        {
            Release();
        }
    }

    private unsafe RunResult RunNative(IReadOnlyList<TensorInput> inputs, IReadOnlyList<string> outputNames)
    {
        var pins = new MemoryHandle[inputs.Count];
        var values = new Ort.OrtValue[inputs.Count];
        try
        {
            for (var i = 0; i < inputs.Count; i++)
            {
                pins[i] = inputs[i].Pin();
                values[i] = Ort.OrtValue.CreateTensorValueWithData(
                    Ort.OrtMemoryInfo.DefaultInstance, (Ort.Tensors.TensorElementType)inputs[i].ElementType, [.. inputs[i].Shape],
                    (nint)pins[i].Pointer, inputs[i].ByteLength);
            }
            using var runOptions = new Ort.RunOptions();
            using var results = RunOrt(runOptions, inputs.Select(x => x.Name).ToArray(), values, outputNames);
            var outputs = new OutputTensor[outputNames.Count];
            try
            {
                var k = 0;
                foreach (var value in results) outputs[k] = CopyOut(value, outputNames[k++]);
            }
            catch
            {
                foreach (var o in outputs) o?.ReturnBuffer();
                throw;
            }
            return new RunResult(outputs);
        }
        finally
        {
            foreach (var v in values) v?.Dispose(); // null where an earlier input failed
            foreach (var p in pins) p.Dispose();
        }
    }

    private Ort.IDisposableReadOnlyCollection<Ort.OrtValue> RunOrt(
        Ort.RunOptions runOptions, string[] inputNames, Ort.OrtValue[] values, IReadOnlyList<string> outputNames)
    {
        try
        {
            return _session.Run(runOptions, inputNames, values, outputNames);
        }
        catch (Ort.OnnxRuntimeException e)
        {
            throw OnnxRuntimeException.From(e, $"Model '{ModelName}': Run");
        }
    }

    private static OutputTensor CopyOut(Ort.OrtValue value, string name)
    {
        if (!value.IsTensor) throw new NotSupportedException($"Output '{name}' is a {value.OnnxType}, not a tensor.");
        var info = value.GetTensorTypeAndShape();
        var type = (TensorElementType)info.ElementDataType;
        var elementSize = TensorElementTypes.SizeOf(type);
        if (elementSize == 0) throw new NotSupportedException($"Output '{name}' has element type {type}, which this binding does not copy.");
        var byteLength = checked((int)(info.ElementCount * elementSize));
        var data = value.GetTensorMutableRawData();
        var buffer = ArrayPool<byte>.Shared.Rent(byteLength);
        data[..byteLength].CopyTo(buffer);
        return new OutputTensor(name, type, info.Shape, buffer, byteLength);
    }

    private static TensorInfo[] ReadMetadata(IReadOnlyList<string> names, IReadOnlyDictionary<string, Ort.NodeMetadata> metadata) =>
        names.Select(name =>
        {
            var node = metadata[name];
            if (!node.IsTensor) return new TensorInfo(name, TensorElementType.Undefined, [], []);
            // ORT reports free dimensions as -1 already; normalise any other negative for callers.
            var shape = node.Dimensions.Select(d => d < 0 ? -1L : d).ToArray();
            var symbolic = node.SymbolicDimensions.Select(s => s ?? "").ToArray();
            return new TensorInfo(name, (TensorElementType)node.ElementDataType, shape, symbolic);
        }).ToArray();

    private void AddReference()
    {
        while (true)
        {
            var current = Volatile.Read(ref _references);
            ObjectDisposedException.ThrowIf(current == 0 || Volatile.Read(ref _disposed) != 0, this);
            if (Interlocked.CompareExchange(ref _references, current + 1, current) == current) return;
        }
    }

    private void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0) _session.Dispose();
    }

    /// <summary>Releases the session; runs already in flight finish first.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0) Release();
    }

    /// <summary>CUDA could not be enabled; carries ORT's error for the caller's decision (fallback or a clear failure).</summary>
    private sealed class CudaUnavailableException(OnnxRuntimeException inner) : Exception(inner.Message, inner)
    {
        public string OrtMessage => inner.OrtMessage;
    }
}
