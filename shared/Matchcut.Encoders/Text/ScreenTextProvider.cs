using Matchcut.Onnx;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Matchcut.Encoders.Text;

/// <summary>
/// Opens the text models once, on first use: null when Text:Enabled is false, or unset and either Models:Enabled is
/// false (a run without the models) or the files are not in the models folders; with Text:Enabled=true a missing file fails naming every folder searched (checked at start-up by
/// <see cref="ScreenTextStartupCheck"/>).
/// </summary>
public sealed class ScreenTextProvider : IDisposable
{
    private readonly Lazy<ScreenTextModels?> _models;

    public ScreenTextProvider(IOptions<TextOptions> text, IOptions<ModelFilesOptions> files, IOptions<OnnxOptions> onnx, IOptions<EncodingOptions> encoding,
        ILogger<ScreenTextProvider> log)
    {
        _models = new Lazy<ScreenTextModels?>(() => Open(text.Value, files.Value, onnx.Value, encoding.Value, log), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The loaded models, or null when text on screen is off or (unconfigured) its files are not found.</summary>
    public ScreenTextModels? Models => _models.Value;

    private static ScreenTextModels? Open(TextOptions text, ModelFilesOptions files, OnnxOptions onnx, EncodingOptions encoding, ILogger log)
    {
        if (text.Enabled == false || (text.Enabled is null && !files.Enabled))
        {
            log.LogInformation("Text on screen off by configuration ({Key}).", text.Enabled == false ? "Text:Enabled=false" : "Models:Enabled=false");
            return null;
        }
        var missing = ScreenTextStartupCheck.Missing(text, files, out var locator);
        if (missing.Count > 0)
        {
            if (text.Enabled == true) throw ScreenTextStartupCheck.NotFound(missing, locator);
            log.LogInformation("Text on screen off: {Files} not found in {Folders} (`scripts/setup.sh ocr` fetches them).",
                string.Join(", ", missing), locator.Describe());
            return null;
        }
        // Frames are read inside the analyzer's batches, as many at once as the other models run.
        var concurrent = encoding.ConcurrentRuns > 0 ? encoding.ConcurrentRuns : Math.Min(Math.Max(1, encoding.BatchSize), Environment.ProcessorCount);
        var models = ScreenTextModels.Open(locator, onnx, text, concurrent);
        log.LogInformation("Text on screen on {Provider}: {Fingerprint}", models.Detector.Session.ExecutionProvider, models.Fingerprint);
        return models;
    }

    public void Dispose()
    {
        if (_models.IsValueCreated) _models.Value?.Dispose();
    }
}

/// <summary>Stops the host at start-up when Text:Enabled is true and a text model file is not found.</summary>
public sealed class ScreenTextStartupCheck(IOptions<TextOptions> text, IOptions<ModelFilesOptions> files) : IHostedService
{
    public const string Remedy = "Run `scripts/setup.sh ocr` to fetch them into the user models cache, set Models:Folder (or MATCHCUT_MODELS) " +
        "to a folder holding them, or turn text on screen off (Text:Enabled=false).";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (text.Value.Enabled == true && Missing(text.Value, files.Value, out var locator) is { Count: > 0 } missing) throw NotFound(missing, locator);
        return Task.CompletedTask;
    }

    /// <summary>The text model files not found in the models folders.</summary>
    public static IReadOnlyList<string> Missing(TextOptions text, ModelFilesOptions files, out ModelLocator locator)
    {
        var l = locator = new ModelLocator(new ModelsOptions { ModelsDirectory = files.Folder });
        return ScreenTextModels.FileNames(text).Where(f => l.TryResolve(f) is null).ToList();
    }

    public static FileNotFoundException NotFound(IReadOnlyList<string> missing, ModelLocator locator) =>
        new($"Text on screen is on (Text:Enabled=true), but {string.Join(", ", missing)} not found in {locator.Describe()}. {Remedy}", missing[0]);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
