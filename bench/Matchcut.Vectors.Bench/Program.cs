using BenchmarkDotNet.Running;
using Matchcut.Vectors.Bench;

// "--bdn [BenchmarkDotNet args]" runs the micro benchmarks; anything else runs the macro benchmark.
if (args is ["--bdn", .. var rest])
    BenchmarkSwitcher.FromAssembly(typeof(SearchBenchmarks).Assembly).Run(rest);
else
    MacroBenchmark.Run(BenchArgs.Parse(args));
