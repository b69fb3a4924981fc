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
            ?? throw new DirectoryNotFoundException($"{reason} {VisionModelsStartupCheck.Remedy}");
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
    /// <summary>What a message about missing models ends with: the ways out.</summary>
    public const string Remedy = "Run `make models` (or `matchcut models`) to download them into the user cache, set Models:Folder " +
        "(or MATCHCUT_MODELS) to a folder holding them, or run without silhouettes, tags and scale (Models:Enabled=false; `matchcut run --no-models`).";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Check(files.Value);
        return Task.CompletedTask;
    }

    /// <summary>Throws, naming every missing file and every folder searched, unless the models are off or all found.</summary>
    public static void Check(ModelFilesOptions f)
    {
        if (!f.Enabled) return;
        Onnx.ModelLocator locator;
        try
        {
            locator = new Onnx.ModelLocator(new Onnx.ModelsOptions { ModelsDirectory = f.Folder });
        }
        catch (DirectoryNotFoundException e)
        {
            throw new DirectoryNotFoundException($"{e.Message} {Remedy}", e);
        }
        var missing = new[] { f.Segmenter, f.Detector, f.FaceDetector }.Where(m => locator.TryResolve(m) is null).ToList();
        if (missing.Count > 0)
            throw new FileNotFoundException($"No folder models: looked for {string.Join(", ", missing)} in {locator.Describe()}. {Remedy}", missing[0]);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
