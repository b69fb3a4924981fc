using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Matchcut.Bench;

/// <summary>Stages: each stage's end as seconds since start and the host's CPU seconds by then (its own and its waited ffmpeg children's).</summary>
public sealed record EndToEndResult(double WallSeconds, long PeakHostKb, long PeakTreeKb, List<(string Stage, double At, double Cpu)> Stages, int ExitCode,
    double CpuSeconds)
{
    /// <summary>
    /// "stage,seconds,cpu_seconds" rows: wall and CPU seconds (the host's and its ffmpeg children's, both cores counted)
    /// between one stage's end and the next, so the floor shows: a stage whose CPU is twice its wall kept both cores busy.
    /// </summary>
    public List<string> StageRows()
    {
        var rows = new List<string> { "stage,seconds,cpu_seconds" };
        var (previous, previousCpu) = (0.0, 0.0);
        foreach (var (stage, at, cpu) in Stages.Where(s => s.Stage != "landing"))
        {
            rows.Add($"{stage},{Tools.F(at - previous)},{Tools.F(Math.Max(0, cpu - previousCpu))}");
            (previous, previousCpu) = (at, cpu);
        }
        rows.Add($"startup+export,{Tools.F(Math.Max(0, WallSeconds - previous))},{Tools.F(Math.Max(0, CpuSeconds - previousCpu))}");
        return rows;
    }
}

/// <summary>Runs `dotnet matchcut.dll run VIDEO` as a child process with a fresh store; polls /proc for the host's VmHWM and the tree's RSS.</summary>
public static partial class EndToEnd
{
    /// <param name="environment">Settings for the run (e.g. Text__Enabled), as environment variables.</param>
    public static EndToEndResult Run(string dll, string video, string work, IReadOnlyDictionary<string, string>? environment = null)
    {
        if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        Directory.CreateDirectory(work);
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = work };
        foreach (var a in new[] { dll, "run", video, "--out", Path.Combine(work, "out"), "--store", Path.Combine(work, "store"), "--title", "bench" })
            psi.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        var stages = new List<(string, double, double)>();
        var sw = Stopwatch.StartNew();
        using var p = Process.Start(psi)!;
        p.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            // "[  12.3s] title  stage  what": progress lines come first, the stage's last line says it is done.
            var m = StageLine().Match(e.Data);
            if (!m.Success) return;
            var at = double.Parse(m.Groups[1].Value, Tools.Inv);
            // Read when the line arrives: the stage's ffmpeg children have exited and been waited for by then.
            var cpu = CpuSeconds(p.Id);
            lock (stages)
            {
                stages.RemoveAll(s => s.Item1 == m.Groups[2].Value);
                stages.Add((m.Groups[2].Value, at, cpu));
            }
        };
        var err = new System.Text.StringBuilder();
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (err) err.AppendLine(e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        long hwm = 0, tree = 0;
        var cpuTotal = 0.0;
        while (!p.WaitForExit(100))
        {
            hwm = Math.Max(hwm, ReadKb(p.Id, "VmHWM:"));
            tree = Math.Max(tree, TreeRss(p.Id));
            cpuTotal = Math.Max(cpuTotal, CpuSeconds(p.Id));
        }
        p.WaitForExit();
        sw.Stop();
        if (p.ExitCode != 0) Console.Error.WriteLine($"bench: matchcut run exited {p.ExitCode}: {err}");
        // The process is gone by now: its last CPU figure is the last sample (taken at most 100 ms before it exited).
        return new EndToEndResult(sw.Elapsed.TotalSeconds, hwm, tree, stages, p.ExitCode, cpuTotal);
    }

    // A finished stage: "[  21.4s] <title>  ingest  asset ..."; progress lines ("N/M ...") do not name a stage in that place.
    [GeneratedRegex(@"^\[\s*([0-9.]+)s\]\s+\S+\s+(ingest|standardize|segment|dedup|embed|score|index)\s")]
    private static partial Regex StageLine();

    private static long ReadKb(int pid, string field) => ProcessTable.StatusKb(pid, field);

    /// <summary>utime + stime + cutime + cstime of <paramref name="pid"/> in seconds: its own CPU and its waited children's.</summary>
    private static double CpuSeconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var f = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(f[11], Tools.Inv) + long.Parse(f[12], Tools.Inv) + long.Parse(f[13], Tools.Inv) + long.Parse(f[14], Tools.Inv))
                / (double)ProcessTable.TicksPerSecond;
        }
        catch (IOException) { return 0; }
    }

    // The host plus its ffmpeg children, summed at one instant.
    private static long TreeRss(int root)
    {
        var table = ProcessTable.Read();
        return table.Keys.Where(pid => ProcessTable.Descends(table, pid, root)).Sum(pid => ProcessTable.StatusKb(pid, "VmRSS:"));
    }
}
