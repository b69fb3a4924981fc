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

    public string Copy(string source, string name)
    {
        var output = Path.Combine(_folder, name);
        File.Copy(source, output, true);
        return output;
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
