using Matchcut.Encoders.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Matchcut.Encoders;

/// <summary>
/// Opens the models once, on first use. No models folder gives null and a warning, so stages fall back to classical
/// descriptors; a folder with a missing or misfitting file fails, naming the file, and so does a configured
/// Onnx:LibraryPath that is not there (the NuGet package's library is always beside the app).
/// </summary>
public sealed class VisionModelsProvider : IDisposable
{
    private readonly Lazy<VisionModels?> _models;

    public VisionModelsProvider(IOptions<ModelFilesOptions> files, IOptions<OnnxOptions> onnx, IOptions<EncodingOptions> encoding,
        ILogger<VisionModelsProvider> log)
    {
        _models = new Lazy<VisionModels?>(() => Open(files.Value, onnx.Value, encoding.Value, log), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The loaded models, or null when they are not installed.</summary>
    public VisionModels? Models => _models.Value;

    private static VisionModels? Open(ModelFilesOptions files, OnnxOptions onnx, EncodingOptions encoding, ILogger log)
    {
        var concurrent = encoding.ConcurrentRuns > 0 ? encoding.ConcurrentRuns : Math.Min(Math.Max(1, encoding.BatchSize), Environment.ProcessorCount);
        var models = VisionModels.TryOpen(files, onnx, concurrent, out var reason);
        if (models is null)
        {
            log.LogWarning("Neural encoders off: {Reason} Falling back to the classical frame descriptor; silhouette, tags and scale are left out.", reason);
            return null;
        }
        log.LogInformation("Neural encoders on {Provider}: {Fingerprint}", models.ExecutionProvider, models.Fingerprint);
        return models;
    }

    public void Dispose()
    {
        if (_models.IsValueCreated) _models.Value?.Dispose();
    }
}
