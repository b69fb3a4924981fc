using BenchmarkDotNet.Running;
using Matchcut.BenchResults;
using Matchcut.Vectors.Bench;

// "--bdn [BenchmarkDotNet args]" runs the micro benchmarks; anything else runs the macro benchmark
// ([--quick] [--frame-size N] [--motion-size N] [--title-shares 0.01,0.1,0.5] [--queries N] [--m] [--ef-construction] [--ef-search]),
// whose figures and vectors.csv go to bench/results (see bench/report.sh).
if (args is ["--bdn", .. var rest])
{
    BenchmarkSwitcher.FromAssembly(typeof(SearchBenchmarks).Assembly).Run(rest);
    return 0;
}
var parsed = BenchArgs.Parse(args);
var sheet = new BenchSheet("vectors", parsed.Mode, BenchSheet.DefaultResultsFolder(), partial: false);
MacroBenchmark.Run(parsed, sheet);
sheet.Save();
return sheet.AnyMiss ? 1 : 0;
