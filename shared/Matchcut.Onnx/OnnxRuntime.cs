using Matchcut.Onnx.Native;

namespace Matchcut.Onnx;

/// <summary>A loaded ONNX Runtime library with one ORT environment; opens inference sessions.</summary>
public sealed class OnnxRuntime : IDisposable
{
    private OnnxRuntime(OrtApi api, OrtEnvHandle env)
    {
        Api = api;
        Env = env;
    }

    internal OrtApi Api { get; }

    internal OrtEnvHandle Env { get; }

    /// <summary>ORT's version string, e.g. "1.30.0".</summary>
    public string Version => Api.RuntimeVersion;

    /// <summary>The OrtApi version the library accepted.</summary>
    public uint ApiVersion => Api.Version;

    /// <summary>Full path of the loaded library.</summary>
    public string LibraryPath => Api.LibraryPath;

    /// <summary>Loads the library named by <paramref name="options"/> (or the defaults) and creates an environment.</summary>
    public static unsafe OnnxRuntime Create(OnnxRuntimeOptions? options = null)
    {
        options ??= new OnnxRuntimeOptions();
        var api = OrtLibraryLoader.Load(options.ResolveLibraryPath());
        var logId = Utf8.NullTerminated("matchcut");
        nint env;
        fixed (byte* id = logId)
        {
            api.Check(api.CreateEnv(options.LogSeverity, id, &env), "CreateEnv");
        }
        return new OnnxRuntime(api, new OrtEnvHandle(env, api));
    }

    /// <summary>Execution providers compiled into the library, e.g. CPUExecutionProvider.</summary>
    public unsafe IReadOnlyList<string> AvailableProviders()
    {
        byte** names;
        int count;
        Api.Check(Api.GetAvailableProviders(&names, &count), "GetAvailableProviders");
        try
        {
            var result = new string[count];
            for (var i = 0; i < count; i++) result[i] = Utf8.Read(names[i]);
            return result;
        }
        finally
        {
            Api.Check(Api.ReleaseAvailableProviders(names, count), "ReleaseAvailableProviders");
        }
    }

    /// <summary>Opens a model file; when <paramref name="expected"/> is given, checks the model's inputs and outputs against it.</summary>
    public InferenceSession OpenSession(string modelPath, InferenceSessionOptions? options = null, ModelSpec? expected = null)
    {
        ObjectDisposedException.ThrowIf(Env.IsClosed, this);
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

    /// <summary>Releases this handle on the environment; sessions still open keep it alive.</summary>
    public void Dispose() => Env.Dispose();
}
