using System.Diagnostics;
using System.Globalization;

namespace Matchcut.Bench;

/// <summary>Runs external tools and measures them.</summary>
public static class Tools
{
    public static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Runs a tool to completion; throws with its stderr tail when it fails.</summary>
    public static (double Seconds, string Stdout, string Stderr) Run(string file, IEnumerable<string> args, string? workdir = null)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (workdir is not null) psi.WorkingDirectory = workdir;
        var sw = Stopwatch.StartNew();
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        sw.Stop();
        if (p.ExitCode != 0)
        {
            var tail = stderr.Result.Length > 2000 ? stderr.Result[^2000..] : stderr.Result;
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {p.ExitCode}:\n{tail}");
        }
        return (sw.Elapsed.TotalSeconds, stdout.Result, stderr.Result);
    }

    public static (double Seconds, string Stdout, string Stderr) Ffmpeg(params string[] args) =>
        Run("ffmpeg", ["-nostdin", "-hide_banner", "-loglevel", "error", "-y", .. args]);

    /// <summary>`ffmpeg -i X -f null -`: decode-only wall time of the video stream with the given threads (0: ffmpeg decides).</summary>
    public static double DecodeOnly(string path, int threads)
    {
        var args = new List<string> { "-nostdin", "-hide_banner", "-loglevel", "error" };
        if (threads > 0) args.AddRange(["-threads", threads.ToString(Inv)]);
        args.AddRange(["-i", path, "-an", "-sn", "-dn", "-f", "null", "-"]);
        return Run("ffmpeg", args).Seconds;
    }

    /// <summary>CPU seconds (user + system) of one decode-only pass, as <see cref="DecodeOnly"/> runs it (bash's time: .NET cannot read an exited child's CPU).</summary>
    public static double DecodeCpu(string path, int threads)
    {
        var thread = threads > 0 ? $"-threads {threads} " : "";
        var (_, _, stderr) = Run("bash", ["-c", $"TIMEFORMAT='%3U %3S'; time ffmpeg -nostdin -hide_banner -loglevel error {thread}-i \"$0\" -an -sn -dn -f null - 2>/dev/null", path]);
        var parts = stderr.Trim().Split('\n')[^1].Split(' ');
        return double.Parse(parts[0], Inv) + double.Parse(parts[1], Inv);
    }

    public static double DurationSeconds(string path) =>
        double.Parse(Run("ffprobe", ["-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", path]).Stdout.Trim(), Inv);

    public static int CountFrames(string path) =>
        int.Parse(Run("ffprobe", ["-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", path]).Stdout.Trim(), Inv);

    public static double Median(IEnumerable<double> xs)
    {
        var s = xs.OrderBy(x => x).ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }

    public static string F(double x, int digits = 3) => x.ToString("F" + digits, Inv);

    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "matchcut.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }
}
