using Matchcut.Encoders.Frames;
using Matchcut.Encoders.Imaging;
using Matchcut.Encoders.Models;
using Matchcut.Onnx;

namespace Matchcut.Encoders.Text;

/// <summary>A line of text found in a frame: what it says, the mean character confidence, and its box in frame pixels.</summary>
public sealed record TextLine(string Text, float Confidence, Box Box);

/// <summary>The text detector and recognizer, opened and checked together; <see cref="Read"/> is safe to call concurrently.</summary>
public sealed class ScreenTextModels : IDisposable
{
    /// <summary>What the stored text depends on besides the model files: bump when pre- or postprocessing changes.</summary>
    public const string Method = "ppocr-v4-db-boxes-ctc-greedy-v1";

    private readonly OnnxRuntime _runtime;
    private readonly TextOptions _options;

    private ScreenTextModels(OnnxRuntime runtime, TextDetector detector, TextLineRecognizer recognizer, TextOptions options, string fingerprint)
    {
        _runtime = runtime;
        Detector = detector;
        Recognizer = recognizer;
        _options = options;
        Fingerprint = fingerprint;
    }

    public TextDetector Detector { get; }
    public TextLineRecognizer Recognizer { get; }

    /// <summary>File name and SHA-256 of the detector, recognizer and key file (for provenance).</summary>
    public (string Name, string Sha256) DetectorFile { get; private init; }
    public (string Name, string Sha256) RecognizerFile { get; private init; }
    public (string Name, string Sha256) KeysFile { get; private init; }

    /// <summary>The method and the three files' names and SHA-256: stored text read with other models is read again.</summary>
    public string Fingerprint { get; }

    /// <summary>The three file names, for messages.</summary>
    public static IReadOnlyList<string> FileNames(TextOptions o) => [o.Detector, o.Recognizer, o.Keys];

    /// <summary>
    /// Opens the models found by <paramref name="locator"/>; a missing file or one that does not fit throws naming it.
    /// <paramref name="concurrentRuns"/>: frames read at once (a batch's frames run concurrently), between which the cores are split.
    /// </summary>
    public static ScreenTextModels Open(ModelLocator locator, OnnxOptions onnx, TextOptions options, int concurrentRuns = 1)
    {
        var paths = FileNames(options).Select(locator.Resolve).ToArray();
        var keys = File.ReadAllLines(paths[2]).Where(l => l.Length > 0).ToArray();
        if (keys.Length == 0) throw new InvalidDataException($"Text key file '{paths[2]}' is empty.");
        var runtime = OnnxRuntime.Create(new OnnxRuntimeOptions { LibraryPath = onnx.LibraryPath });
        var sessions = new List<InferenceSession>();
        try
        {
            var useCuda = onnx.ExecutionProvider.Equals("Cuda", StringComparison.OrdinalIgnoreCase);
            var sessionOptions = new InferenceSessionOptions
            {
                IntraOpThreads = onnx.IntraOpThreads > 0 ? onnx.IntraOpThreads : Math.Max(1, Environment.ProcessorCount / Math.Max(1, concurrentRuns)),
                UseCuda = useCuda, AllowCpuFallback = onnx.AllowCpuFallback,
            };
            InferenceSession OpenChecked(string path, Func<string, ModelSpec> spec)
            {
                var s = runtime.OpenSession(path, sessionOptions);
                sessions.Add(s);
                if (s.Outputs.Count != 1)
                    throw new ModelSpecMismatchException(s.ModelPath, [$"expected one output, model has {string.Join(", ", s.Outputs)}"]);
                spec(s.Outputs[0].Name).EnsureMatches(s);
                return s;
            }
            var detector = new TextDetector(OpenChecked(paths[0], TextDetector.SpecFor), options);
            // Blank, the key file's lines, and a space: the recognizer must have exactly that many classes.
            var recognizer = new TextLineRecognizer(OpenChecked(paths[1], name => TextLineRecognizer.SpecFor(name, keys.Length + 2)), keys, options.RecognitionBatch);
            var files = paths.Select(p => (Path.GetFileName(p), ModelFileHash.Sha256(p))).ToArray();
            var fingerprint = $"{Method}|{string.Join(";", files.Select(f => $"{f.Item1}:{f.Item2}"))}";
            return new ScreenTextModels(runtime, detector, recognizer, options, fingerprint)
            {
                DetectorFile = files[0], RecognizerFile = files[1], KeysFile = files[2],
            };
        }
        catch
        {
            foreach (var s in sessions) s.Dispose();
            runtime.Dispose();
            throw;
        }
    }

    /// <summary>The lines of text in the frame read with at least <see cref="TextOptions.MinConfidence"/> (a lone character with <see cref="TextOptions.SingleCharacterMinConfidence"/>), top to bottom.</summary>
    public IReadOnlyList<TextLine> Read(RgbFrame frame)
    {
        var regions = Detector.Detect(frame);
        if (regions.Count == 0) return [];
        var read = Recognizer.Recognize(frame, regions.Select(r => r.Box).ToList());
        return regions.Select((r, i) => new TextLine(read[i].Text, read[i].Confidence, r.Box))
            .Where(l => l.Confidence >= (l.Text.Trim().Length switch
            {
                0 => float.PositiveInfinity,
                1 => Math.Max(_options.MinConfidence, _options.SingleCharacterMinConfidence),
                _ => _options.MinConfidence,
            })).ToList();
    }

    public void Dispose()
    {
        Detector.Session.Dispose();
        Recognizer.Session.Dispose();
        _runtime.Dispose();
    }
}
