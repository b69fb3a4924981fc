using Matchcut.Encoders.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Matchcut.Encoders;

/// <summary>
/// Opens the models once, on first use. With Models:Enabled=false there are none (null) and stages leave silhouettes,
/// tags and scale out; otherwise a models folder that cannot be found, or a missing or misfitting file in it, fails
/// naming where it looked (checked at start-up by <see cref="VisionModelsStartupCheck"/>), and so does a configured
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

    /// <summary>The loaded models, or null when Models:Enabled is false.</summary>
    public VisionModels? Models => _models.Value;

    private static VisionModels? Open(ModelFilesOptions files, OnnxOptions onnx, EncodingOptions encoding, ILogger log)
    {
        if (!files.Enabled)
        {
            log.LogInformation("Folder models off by configuration (Models:Enabled=false): silhouette, tags and scale are left out.");
            return null;
        }
        var concurrent = encoding.ConcurrentRuns > 0 ? encoding.ConcurrentRuns : Math.Min(Math.Max(1, encoding.BatchSize), Environment.ProcessorCount);
        var models = VisionModels.TryOpen(files, onnx, concurrent, out var reason)
            ?? throw new DirectoryNotFoundException($"{reason} Set Models:Folder (or MATCHCUT_MODELS) to the models folder, " +
                "or Models:Enabled=false to run without silhouettes, tags and scale.");
        log.LogInformation("Neural encoders on {Provider}: {Fingerprint}", models.ExecutionProvider, models.Fingerprint);
        return models;
    }

    public void Dispose()
    {
        if (_models.IsValueCreated) _models.Value?.Dispose();
    }
}

/// <summary>Stops the host at start-up when the folder models are asked for and their folder or a file is missing.</summary>
public sealed class VisionModelsStartupCheck(IOptions<ModelFilesOptions> files) : Microsoft.Extensions.Hosting.IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var f = files.Value;
        if (!f.Enabled) return Task.CompletedTask;
        Onnx.ModelLocator locator;
        try
        {
            locator = new Onnx.ModelLocator(new Onnx.ModelsOptions { ModelsDirectory = f.Folder });
        }
        catch (DirectoryNotFoundException e)
        {
            throw new DirectoryNotFoundException($"{e.Message} Set Models:Folder (or MATCHCUT_MODELS) to the models folder, " +
                "or Models:Enabled=false to run without silhouettes, tags and scale.", e);
        }
        foreach (var file in new[] { f.Segmenter, f.Detector, f.FaceDetector }) locator.Resolve(file);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
