using System.Diagnostics;

namespace Matchcut.Analysis.Tests;

/// <summary>Makes small test clips from the shared footage with ffmpeg, in a temp folder removed at the end.</summary>
public sealed class ClipMaker : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("matchcut-clips-").FullName;

    /// <summary>Runs ffmpeg with the arguments, writing to a new clip in the temp folder; returns the clip's path.</summary>
    public string Make(string name, params string[] arguments)
    {
        var output = Path.Combine(_folder, name);
        var info = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])["-nostdin", "-v", "error", "-y", "-threads", "2", .. arguments,
                     "-c:v", "libx264", "-preset", "ultrafast", "-crf", "18", "-pix_fmt", "yuv420p", output])
            info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"ffmpeg failed making {name}: {errors}");
        return output;
    }

    /// <summary>A span of a shared footage file for <see cref="Xfade"/>, with filters before and after the common frame filter (a crop, a drawn flash).</summary>
    public sealed record Piece(string File, double Start, double End, string Before = "", string After = "");

    /// <summary>
    /// Joins two pieces with an ffmpeg xfade <paramref name="transition"/> of <paramref name="duration"/> seconds starting
    /// <paramref name="offset"/> seconds into the first; <paramref name="frame"/> brings both to one size, rate and time base.
    /// </summary>
    public string Xfade(string name, string frame, Piece a, Piece b, string transition, double duration, double offset)
    {
        var files = new[] { a.File, b.File }.Distinct().ToList();
        string Chain(Piece p, string label) => FormattableString.Invariant(
            $"[{files.IndexOf(p.File)}:v]trim=start={p.Start}:end={p.End},setpts=PTS-STARTPTS,{p.Before}{frame}{p.After}[{label}];");
        var graph = Chain(a, "a") + Chain(b, "b")
            + FormattableString.Invariant($"[a][b]xfade=transition={transition}:duration={duration}:offset={offset}[v]");
        return Make(name, [.. files.SelectMany(f => new[] { "-i", f }), "-filter_complex", graph, "-map", "[v]"]);
    }

    public string Copy(string source, string name)
    {
        var output = Path.Combine(_folder, name);
        File.Copy(source, output, true);
        return output;
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
