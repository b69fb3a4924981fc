using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Matchcut.Bench;

public sealed record EndToEndResult(double WallSeconds, long PeakHostKb, long PeakTreeKb, List<(string Stage, double At)> Stages, int ExitCode);

/// <summary>Runs `dotnet matchcut.dll run VIDEO` as a child process with a fresh store; polls /proc for the host's VmHWM and the tree's RSS.</summary>
public static partial class EndToEnd
{
    public static EndToEndResult Run(string dll, string video, string work)
    {
        if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        Directory.CreateDirectory(work);
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = work };
        foreach (var a in new[] { dll, "run", video, "--out", Path.Combine(work, "out"), "--store", Path.Combine(work, "store"), "--title", "bench" })
            psi.ArgumentList.Add(a);
        var stages = new List<(string, double)>();
        var sw = Stopwatch.StartNew();
        using var p = Process.Start(psi)!;
        p.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            // "[  12.3s] title  stage  what": progress lines come first, the stage's last line says it is done.
            var m = StageLine().Match(e.Data);
            if (!m.Success) return;
            var at = double.Parse(m.Groups[1].Value, Tools.Inv);
            lock (stages)
            {
                stages.RemoveAll(s => s.Item1 == m.Groups[2].Value);
                stages.Add((m.Groups[2].Value, at));
            }
        };
        var err = new System.Text.StringBuilder();
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (err) err.AppendLine(e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        long hwm = 0, tree = 0;
        while (!p.WaitForExit(100))
        {
            hwm = Math.Max(hwm, ReadKb(p.Id, "VmHWM:"));
            tree = Math.Max(tree, TreeRss(p.Id));
        }
        p.WaitForExit();
        sw.Stop();
        if (p.ExitCode != 0) Console.Error.WriteLine($"bench: matchcut run exited {p.ExitCode}: {err}");
        return new EndToEndResult(sw.Elapsed.TotalSeconds, hwm, tree, stages, p.ExitCode);
    }

    // A finished stage: "[  21.4s] <title>  ingest  asset ..."; progress lines ("N/M ...") do not name a stage in that place.
    [GeneratedRegex(@"^\[\s*([0-9.]+)s\]\s+\S+\s+(ingest|standardize|segment|dedup|embed|score|index)\s")]
    private static partial Regex StageLine();

    private static long ReadKb(int pid, string field) => ProcessTable.StatusKb(pid, field);

    // The host plus its ffmpeg children, summed at one instant.
    private static long TreeRss(int root)
    {
        var table = ProcessTable.Read();
        return table.Keys.Where(pid => ProcessTable.Descends(table, pid, root)).Sum(pid => ProcessTable.StatusKb(pid, "VmRSS:"));
    }
}
