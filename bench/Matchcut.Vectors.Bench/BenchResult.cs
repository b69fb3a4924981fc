using System.Globalization;
using System.Text;

namespace Matchcut.Vectors.Bench;

/// <summary>One measured configuration, with the targets it is held to.</summary>
public sealed record BenchResult(string Mode, int Dimension, int Size, double BuildSeconds, double ManagedMb, double WorkingSetMb, double RecallAt10, double P50Ms, double P99Ms)
{
    public const double RecallTarget = 0.95;
    public const double P99TargetMs = 20;

    public bool MeetsRecall => RecallAt10 >= RecallTarget;
    public bool MeetsLatency => P99Ms <= P99TargetMs;

    public static string Table(IEnumerable<BenchResult> results)
    {
        var text = new StringBuilder();
        text.AppendLine($"| mode | dim | vectors | build s | managed MB | working set MB | recall@10 (>= {RecallTarget}) | p50 ms | p99 ms (<= {P99TargetMs}) |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var r in results)
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Mode} | {r.Dimension} | {r.Size:N0} | {r.BuildSeconds:F1} | {r.ManagedMb:F0} | {r.WorkingSetMb:F0} | {r.RecallAt10:F4} {Mark(r.MeetsRecall)} | {r.P50Ms:F2} | {r.P99Ms:F2} {Mark(r.MeetsLatency)} |"));
        return text.ToString();
    }

    public static void WriteCsv(string path, IEnumerable<BenchResult> results)
    {
        var lines = results.Select(r => string.Create(CultureInfo.InvariantCulture,
            $"{r.Mode},{r.Dimension},{r.Size},{r.BuildSeconds:F3},{r.ManagedMb:F1},{r.WorkingSetMb:F1},{r.RecallAt10:F4},{r.P50Ms:F3},{r.P99Ms:F3},{r.MeetsRecall},{r.MeetsLatency}"));
        File.WriteAllLines(path, ["mode,dim,vectors,build_s,managed_mb,working_set_mb,recall_at_10,p50_ms,p99_ms,meets_recall,meets_p99", .. lines]);
    }

    private static string Mark(bool ok) => ok ? "ok" : "MISS";
}
