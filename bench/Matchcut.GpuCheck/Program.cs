using System.Diagnostics;
using System.Globalization;
using Matchcut.GpuCheck;
using Matchcut.Onnx;

// dotnet Matchcut.GpuCheck.dll [--models DIR] [--model FILE.onnx]... [--providers cuda,cpu] [--runs 50] [--min-cosine 0.999]
// Every *.onnx in the models folder (plus each --model) runs on each provider with the same deterministic input;
// outputs of every provider are compared with the first one's; frames/s is sequential single-frame Runs after warm-up.
// Exit 0 when every model ran on every provider asked for and every output's cosine to the reference is at least
// --min-cosine; 1 otherwise. CUDA never falls back to CPU here: a CUDA provider that cannot load fails the check.
var options = CheckOptions.Parse(args);
var runtime = OnnxRuntime.Create();
Console.WriteLine($"ONNX Runtime {runtime.Version} at {runtime.LibraryPath}; providers in the build: {string.Join(", ", runtime.AvailableProviders())}");
Console.WriteLine($"{Environment.ProcessorCount} cores; {options.Runs} timed runs per model and provider after {CheckOptions.WarmUp} warm-up runs");

var failures = 0;
foreach (var model in options.ModelFiles())
{
    var name = Path.GetFileName(model);
    ModelRun? reference = null;
    foreach (var provider in options.Providers)
    {
        ModelRun run;
        try
        {
            run = ModelRun.Measure(runtime, model, provider, options.Runs);
        }
        catch (Exception e) when (e is ExecutionProviderUnavailableException or OnnxRuntimeException or NotSupportedException)
        {
            Console.WriteLine($"FAIL {name} on {provider}: {e.Message}");
            failures++;
            continue;
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-34} {provider,-4} {run.FramesPerSecond,9:F1} frames/s  {1000 / run.FramesPerSecond,8:F2} ms/frame  (session on {run.SessionProvider})"));
        if (reference is null)
        {
            reference = run;
            continue;
        }
        foreach (var (output, cpu) in reference.Outputs)
        {
            var other = run.Outputs[output];
            var (maxAbs, maxRef, cosine) = Compare.Outputs(cpu, other);
            var ok = cosine >= options.MinCosine && other.Length == cpu.Length;
            if (!ok) failures++;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {(ok ? "ok  " : "FAIL")} {output,-20} {provider} vs {reference.Provider}: max |diff| {maxAbs:G3} (largest |value| {maxRef:G3}), cosine {cosine:F6}"));
        }
    }
}
Console.WriteLine(failures == 0 ? "gpu-check: all models agree" : $"gpu-check: {failures} failure(s)");
return failures == 0 ? 0 : 1;

namespace Matchcut.GpuCheck
{
    internal sealed record CheckOptions(string ModelsFolder, IReadOnlyList<string> ExtraModels, IReadOnlyList<string> Providers, int Runs, double MinCosine)
    {
        public const int WarmUp = 3;

        public static CheckOptions Parse(string[] args)
        {
            string? folder = null;
            var extra = new List<string>();
            var providers = new[] { "cuda", "cpu" };
            var runs = 50;
            var minCosine = 0.999;
            for (var i = 0; i < args.Length; i++)
            {
                string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
                switch (args[i])
                {
                    case "--models": folder = Value(); break;
                    case "--model": extra.Add(Path.GetFullPath(Value())); break;
                    case "--providers": providers = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries); break;
                    case "--runs": runs = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                    case "--min-cosine": minCosine = double.Parse(Value(), CultureInfo.InvariantCulture); break;
                    default: throw new ArgumentException($"Unknown argument '{args[i]}'.");
                }
            }
            foreach (var p in providers)
                if (p is not ("cuda" or "cpu")) throw new ArgumentException($"Provider '{p}' is not known: use cuda and/or cpu.");
            if (runs < 1) throw new ArgumentException("--runs must be at least 1.");
            return new CheckOptions(new ModelLocator(new ModelsOptions { ModelsDirectory = folder }).ModelsDirectory, extra, providers, runs, minCosine);
        }

        public IEnumerable<string> ModelFiles()
        {
            var files = Directory.EnumerateFiles(ModelsFolder, "*.onnx").Order(StringComparer.Ordinal).Concat(ExtraModels).ToList();
            if (files.Count == 0) throw new FileNotFoundException($"No *.onnx in '{ModelsFolder}' and no --model given.");
            return files;
        }
    }

    /// <summary>One model on one provider: its outputs for the deterministic input and its sequential throughput.</summary>
    internal sealed record ModelRun(string Provider, string SessionProvider, IReadOnlyDictionary<string, float[]> Outputs, double FramesPerSecond)
    {
        public static ModelRun Measure(OnnxRuntime runtime, string model, string provider, int runs)
        {
            using var session = runtime.OpenSession(model, new InferenceSessionOptions { UseCuda = provider == "cuda" });
            var inputs = session.Inputs.Select(DeterministicInput).ToArray();
            Dictionary<string, float[]> outputs;
            using (var first = session.Run(inputs))
            {
                outputs = first.Where(o => o.ElementType == TensorElementType.Float).ToDictionary(o => o.Name, o => o.ToArray<float>());
            }
            for (var i = 1; i < CheckOptions.WarmUp; i++) session.Run(inputs).Dispose();
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < runs; i++) session.Run(inputs).Dispose();
            clock.Stop();
            return new ModelRun(provider, session.ExecutionProvider, outputs, runs / clock.Elapsed.TotalSeconds);
        }

        /// <summary>Uniform values in [-1, 1) from a fixed seed, free dimensions taken as 1; float inputs only.</summary>
        private static TensorInput DeterministicInput(TensorInfo input)
        {
            if (input.ElementType != TensorElementType.Float)
                throw new NotSupportedException($"Input '{input.Name}' is {input.ElementType}; the check feeds float inputs only.");
            var shape = input.Shape.Select(d => d < 0 ? 1L : d).ToArray();
            var data = new float[checked((int)shape.Aggregate(1L, (a, d) => a * d))];
            var random = new Random(input.Name.Length * 7919 + data.Length);
            for (var i = 0; i < data.Length; i++) data[i] = (float)(random.NextDouble() * 2 - 1);
            return TensorInput.Float(input.Name, data, shape);
        }
    }

    internal static class Compare
    {
        /// <summary>Largest absolute difference, largest absolute reference value, and cosine of the two flattened outputs.</summary>
        public static (double MaxAbs, double MaxReference, double Cosine) Outputs(float[] reference, float[] other)
        {
            if (reference.Length != other.Length) return (double.PositiveInfinity, 0, 0);
            double maxAbs = 0, maxRef = 0, dot = 0, a2 = 0, b2 = 0;
            for (var i = 0; i < reference.Length; i++)
            {
                double a = reference[i], b = other[i];
                maxAbs = Math.Max(maxAbs, Math.Abs(a - b));
                maxRef = Math.Max(maxRef, Math.Abs(a));
                dot += a * b;
                a2 += a * a;
                b2 += b * b;
            }
            // Two all-zero outputs agree exactly.
            var cosine = a2 == 0 && b2 == 0 ? 1 : dot / Math.Sqrt(a2 * b2);
            return (maxAbs, maxRef, cosine);
        }
    }
}
