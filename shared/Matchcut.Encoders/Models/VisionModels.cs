using Matchcut.Onnx;

namespace Matchcut.Encoders.Models;

/// <summary>The three loaded models, checked against what the decoders expect. Sessions are safe to Run concurrently.</summary>
public sealed class VisionModels : IDisposable
{
    private readonly OnnxRuntime _runtime;

    private VisionModels(OnnxRuntime runtime, DeepLabSegmenter segmenter, YoloxDetector detector, YuNetFaceDetector faces, string fingerprint)
    {
        _runtime = runtime;
        Segmenter = segmenter;
        Detector = detector;
        Faces = faces;
        Fingerprint = fingerprint;
    }

    public DeepLabSegmenter Segmenter { get; }
    public YoloxDetector Detector { get; }
    public YuNetFaceDetector Faces { get; }

    /// <summary>File name and SHA-256 of each model (for provenance).</summary>
    public (string Name, string Sha256) SegmenterFile { get; private init; }
    public (string Name, string Sha256) DetectorFile { get; private init; }
    public (string Name, string Sha256) FaceDetectorFile { get; private init; }

    /// <summary>Names and SHA-256 of the model files: stored results computed with other models are not reused.</summary>
    public string Fingerprint { get; }

    /// <summary>The provider the sessions run on (CPU when CUDA fell back).</summary>
    public string ExecutionProvider => Segmenter.Session.ExecutionProvider;

    /// <summary>
    /// Opens the models, or returns null with the reason when there is no models folder (callers fall back to classical
    /// descriptors). A folder that is there but lacks a file, or a file whose inputs/outputs do not fit, throws naming it.
    /// </summary>
    public static VisionModels? TryOpen(ModelFilesOptions models, OnnxOptions onnx, int concurrentRuns, out string? missingReason)
    {
        ModelLocator locator;
        try
        {
            locator = new ModelLocator(new Onnx.ModelsOptions { ModelsDirectory = models.Folder });
            if (!locator.AnyFolderExists) throw new DirectoryNotFoundException($"No models folder: looked in {locator.Describe()}.");
        }
        catch (DirectoryNotFoundException e)
        {
            missingReason = e.Message;
            return null;
        }
        missingReason = null;
        return Open(locator, onnx, models, concurrentRuns);
    }

    public static VisionModels Open(ModelLocator locator, OnnxOptions onnx, ModelFilesOptions models, int concurrentRuns)
    {
        var paths = new[] { models.Segmenter, models.Detector, models.FaceDetector }.Select(locator.Resolve).ToArray();
        var runtime = OnnxRuntime.Create(new OnnxRuntimeOptions { LibraryPath = onnx.LibraryPath });
        var sessions = new List<InferenceSession>();
        try
        {
            var useCuda = onnx.ExecutionProvider.Equals("Cuda", StringComparison.OrdinalIgnoreCase);
            if (!useCuda && !onnx.ExecutionProvider.Equals("Cpu", StringComparison.OrdinalIgnoreCase))
                throw new InvalidOperationException($"Onnx:ExecutionProvider '{onnx.ExecutionProvider}' is not known; use Cpu or Cuda.");
            var threads = onnx.IntraOpThreads > 0 ? onnx.IntraOpThreads : Math.Max(1, Environment.ProcessorCount / Math.Max(1, concurrentRuns));
            var options = new InferenceSessionOptions { IntraOpThreads = threads, UseCuda = useCuda, AllowCpuFallback = onnx.AllowCpuFallback };
            InferenceSession Open(string path, ModelSpec spec)
            {
                var s = runtime.OpenSession(path, options, spec);
                sessions.Add(s);
                return s;
            }
            var segmenter = new DeepLabSegmenter(Open(paths[0], DeepLabSegmenter.Spec));
            var detector = new YoloxDetector(Open(paths[1], YoloxDetector.Spec), new YoloxDecoder());
            var faces = new YuNetFaceDetector(Open(paths[2], YuNetFaceDetector.Spec), new YuNetDecoder());
            var fingerprint = string.Join(";", paths.Select(p => $"{Path.GetFileName(p)}:{Frames.ModelFileHash.Sha256(p)}"));
            var files = paths.Select(p => (Path.GetFileName(p), Frames.ModelFileHash.Sha256(p))).ToArray();
            return new VisionModels(runtime, segmenter, detector, faces, fingerprint)
            {
                SegmenterFile = files[0], DetectorFile = files[1], FaceDetectorFile = files[2],
            };
        }
        catch
        {
            foreach (var s in sessions) s.Dispose();
            runtime.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Segmenter.Session.Dispose();
        Detector.Session.Dispose();
        Faces.Session.Dispose();
        _runtime.Dispose();
    }
}
