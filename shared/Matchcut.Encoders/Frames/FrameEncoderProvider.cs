using Matchcut.Encoders.Imaging;
using Matchcut.Encoders.Shots;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Matchcut.Encoders.Frames;

/// <summary>
/// The frame flavour's encoder as configured (Embedding:FrameEncoder): the packaged ResNet18 (default) or the classical
/// composition descriptor. The ResNet18 session opens on first use; <see cref="EnsureConfigured"/> (run at host
/// start-up) checks its files, so a missing model stops the service at once, naming the path it looked in.
/// </summary>
public sealed class FrameEncoderProvider : IDisposable
{
    public const string ClassicalMethod = "composition-v1";

    private readonly ModelFilesOptions _files;
    private readonly EncodingOptions _encoding;
    private readonly Lazy<ResNetFrameEncoder?> _resnet;

    private readonly VisionModelsProvider _vision;

    public FrameEncoderProvider(IOptions<ModelFilesOptions> files, IOptions<OnnxOptions> onnx, IOptions<EncodingOptions> encoding,
        VisionModelsProvider vision, ILogger<FrameEncoderProvider> log)
    {
        _files = files.Value;
        _encoding = encoding.Value;
        _vision = vision;
        _resnet = new Lazy<ResNetFrameEncoder?>(() =>
        {
            if (!IsResNet) return null;
            var concurrent = _encoding.ConcurrentRuns > 0 ? _encoding.ConcurrentRuns : Math.Min(Math.Max(1, _encoding.BatchSize), Environment.ProcessorCount);
            var encoder = ResNetFrameEncoder.Open(_files.ResNet18Path, _files.ResNetPreprocessPath, _files.CachePath, onnx.Value, concurrent, _encoding.LayoutWeight);
            log.LogInformation("Frame encoder {Method} on {Provider}: {Model} sha256 {Sha}", encoder.Identity.Method, encoder.ExecutionProvider,
                _files.ResNet18Path, encoder.Identity.ModelSha256);
            return encoder;
        }, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>True for a neural encoder (ResNet18 or the folder models), false for the classical descriptor.</summary>
    public bool IsNeural => IsResNet || IsFolderModels;

    private bool IsResNet => _encoding.FrameEncoder.Equals(FrameEncoders.ResNet18, StringComparison.OrdinalIgnoreCase);
    private bool IsFolderModels => _encoding.FrameEncoder.Equals(FrameEncoders.DeepLabYolox, StringComparison.OrdinalIgnoreCase);

    private Models.VisionModels FolderModels => _vision.Models ?? throw new InvalidOperationException(
        $"Embedding:FrameEncoder={FrameEncoders.DeepLabYolox} needs the models folder, and none was found (see Models:Folder).");

    /// <summary>Throws when the configuration names an unknown encoder or a model file that is not there.</summary>
    public void EnsureConfigured()
    {
        if (!IsNeural && !_encoding.FrameEncoder.Equals(FrameEncoders.Classical, StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"Embedding:FrameEncoder '{_encoding.FrameEncoder}' is not known; use " +
                $"{FrameEncoders.ResNet18}, {FrameEncoders.DeepLabYolox} or {FrameEncoders.Classical}.");
        if (IsFolderModels) _ = FolderModels;
        if (!IsResNet) return;
        foreach (var (key, path) in new[] { ("Models:ResNet18", _files.ResNet18Path), ("Models:ResNetPreprocess", _files.ResNetPreprocessPath) })
            if (!File.Exists(path))
                throw new FileNotFoundException(
                    $"Frame encoder {FrameEncoders.ResNet18}: model file not found at '{Path.GetFullPath(path)}' ({key}; by default the copy of the " +
                    "NuGet package Microsoft.ML.DnnImageFeaturizer.ResNet18 beside the binary). Restore and build again, point the key at the file, " +
                    $"or set Embedding:FrameEncoder={FrameEncoders.Classical}.", path);
    }

    /// <summary>What makes the frame vectors: method, model file name and SHA-256 (the classical descriptor has no model).</summary>
    public FrameEncoderIdentity Identity => IsResNet
        ? ResNetFrameEncoder.IdentityOf(_files.ResNet18Path, _files.ResNetPreprocessPath, _encoding.LayoutWeight)
        : IsFolderModels
            ? new FrameEncoderIdentity(FrameVector.Method, $"{FolderModels.SegmenterFile.Name}+{FolderModels.DetectorFile.Name}",
                $"{FolderModels.SegmenterFile.Sha256}+{FolderModels.DetectorFile.Sha256}", $"weights {_encoding.SegmenterWeight}/{_encoding.DetectorWeight}")
            : new FrameEncoderIdentity(ClassicalMethod, null, null);

    /// <summary>Vector length of <see cref="Describe"/>.</summary>
    public int Dimension => IsResNet ? ResNetFrameEncoder.Dimension : IsFolderModels ? FrameVector.Dimension : CompositionDescriptor.Dimension;

    /// <summary>The configured encoder as a describer of single frames.</summary>
    public FrameDescriber Describe => IsResNet ? _resnet.Value!.Encode : IsFolderModels ? FolderModelsVector : Classical;

    private float[] FolderModelsVector(RgbFrame frame)
    {
        var models = FolderModels;
        var (segmenter, _) = models.Segmenter.Run(frame, null);
        var (_, detector) = models.Detector.Run(frame);
        return FrameVector.Combine(segmenter, detector, _encoding.SegmenterWeight, _encoding.DetectorWeight);
    }

    /// <summary>The classical frame flavour on a 128-pixel-wide area-averaged copy of the frame.</summary>
    private static float[] Classical(RgbFrame frame)
    {
        const int width = 128;
        var height = Math.Max(2, (int)Math.Round(width * (double)frame.Height / frame.Width / 2) * 2);
        var small = ImageOps.Shrink(frame, width, height);
        var d = new float[CompositionDescriptor.Dimension];
        CompositionDescriptor.Compute(small.Pixels, width, height, d);
        return d;
    }

    public void Dispose()
    {
        if (_resnet.IsValueCreated) _resnet.Value?.Dispose();
    }
}

/// <summary>Checks the frame encoder's configuration when the host starts.</summary>
public sealed class FrameEncoderStartupCheck(FrameEncoderProvider provider) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        provider.EnsureConfigured();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
