using System.Reflection;
using System.Runtime.InteropServices;
using Ort = Microsoft.ML.OnnxRuntime;

namespace Matchcut.Onnx;

/// <summary>Which libonnxruntime.so this process uses: the NuGet package's, or one named by <see cref="OnnxRuntimeOptions.LibraryPath"/>.</summary>
/// <remarks>The choice is made once, before the first ORT call; a process cannot swap native libraries afterwards.</remarks>
internal static class NativeLibraryChoice
{
    private const string OrtLibraryName = "onnxruntime";
    private static readonly Lock Gate = new();
    private static bool _chosen;
    private static string? _configuredPath;
    private static nint _configuredHandle;

    /// <summary>Settles the library before any ORT type is touched; throws when a different library is already in use.</summary>
    public static void Choose(string? libraryPath)
    {
        lock (Gate)
        {
            var requested = string.IsNullOrWhiteSpace(libraryPath) ? null : Path.GetFullPath(libraryPath);
            if (requested is not null && !File.Exists(requested))
            {
                throw new DllNotFoundException(
                    $"ONNX Runtime library not found at '{requested}' (Onnx:LibraryPath). Leave it unset to use the library " +
                    "of the Microsoft.ML.OnnxRuntime package the app was built with.");
            }
            if (_chosen)
            {
                var loaded = LoadedLibraryPath();
                if (requested is not null && requested != loaded)
                {
                    throw new InvalidOperationException(
                        $"ONNX Runtime is already loaded from '{loaded}' in this process; LibraryPath '{requested}' cannot be loaded as well.");
                }
                return;
            }
            if (requested is not null)
            {
                _configuredHandle = NativeLibrary.Load(requested);
                _configuredPath = requested;
                Ort.OrtEnv.DisableDllImportResolver = true;
                NativeLibrary.SetDllImportResolver(typeof(Ort.OrtEnv).Assembly, Resolve);
            }
            _chosen = true;
        }
    }

    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath) =>
        name == OrtLibraryName ? _configuredHandle : 0;

    /// <summary>Full path of the libonnxruntime.so mapped into this process, or a description when it cannot be told.</summary>
    public static string LoadedLibraryPath()
    {
        if (_configuredPath is not null) return _configuredPath;
        const string maps = "/proc/self/maps";
        if (File.Exists(maps))
        {
            foreach (var line in File.ReadLines(maps))
            {
                var slash = line.IndexOf('/');
                if (slash >= 0 && line.AsSpan(slash).EndsWith("/libonnxruntime.so", StringComparison.Ordinal)) return line[slash..];
            }
        }
        return "the Microsoft.ML.OnnxRuntime package's library";
    }
}
