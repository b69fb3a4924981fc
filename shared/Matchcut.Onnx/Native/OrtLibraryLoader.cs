using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Matchcut.Onnx.Native;

/// <summary>Loads libonnxruntime once per path and binds its OrtApi table.</summary>
internal static unsafe class OrtLibraryLoader
{
    /// <summary>OrtApi version of ORT 1.30; older libraries are tried downwards.</summary>
    public const uint PreferredApiVersion = 30;

    // The highest slot we use (the CUDA entry) was added in OrtApi version 3; anything older lacks it.
    private const uint MinimumApiVersion = 3;

    private static readonly ConcurrentDictionary<string, Lazy<OrtApi>> Loaded = new(StringComparer.Ordinal);

    public static OrtApi Load(string libraryPath)
    {
        var fullPath = Path.GetFullPath(libraryPath);
        // Lazy makes concurrent first callers share one load instead of racing.
        return Loaded.GetOrAdd(fullPath, p => new Lazy<OrtApi>(() => Bind(p))).Value;
    }

    private static OrtApi Bind(string fullPath)
    {
        if (!File.Exists(fullPath))
        {
            throw new DllNotFoundException(
                $"ONNX Runtime library not found at '{fullPath}'. Run scripts/fetch-onnxruntime.sh from the repository " +
                $"root to fetch it, or point {OnnxRuntimeOptions.LibraryPathVariable} (or OnnxRuntimeOptions.LibraryPath) at a libonnxruntime.so.");
        }

        var handle = NativeLibrary.Load(fullPath);
        if (!NativeLibrary.TryGetExport(handle, "OrtGetApiBase", out var getApiBaseExport))
        {
            throw new DllNotFoundException($"'{fullPath}' is not an ONNX Runtime library: it exports no OrtGetApiBase.");
        }

        // struct OrtApiBase { const OrtApi* (*GetApi)(uint32_t); const char* (*GetVersionString)(void); }
        var apiBase = ((delegate* unmanaged<nint*>)getApiBaseExport)();
        var getApi = (delegate* unmanaged<uint, nint*>)apiBase[0];
        var getVersionString = (delegate* unmanaged<byte*>)apiBase[1];
        var runtimeVersion = Marshal.PtrToStringUTF8((nint)getVersionString()) ?? "unknown";

        for (var version = PreferredApiVersion; version >= MinimumApiVersion; version--)
        {
            var table = getApi(version);
            if (table != null) return new OrtApi(table, version, runtimeVersion, fullPath);
        }

        throw new DllNotFoundException(
            $"ONNX Runtime {runtimeVersion} at '{fullPath}' accepts no OrtApi version between {MinimumApiVersion} and {PreferredApiVersion}.");
    }
}
