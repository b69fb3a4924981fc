using System.Diagnostics;

namespace Matchcut.Desk.Tests;

/// <summary>The built `matchcut` program run as a user runs it: its own process, output to pipes.</summary>
public static class MatchcutProcess
{
    public static (int Code, string Output, string Error) Run(params string[] args) => Run(new Dictionary<string, string>(), args);

    /// <param name="environment">Settings as a user gives them (e.g. Embedding__MotionMaxFrames), as environment variables.</param>
    public static (int Code, string Output, string Error) Run(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "matchcut.dll"));
        foreach (var a in args) info.ArgumentList.Add(a);
        foreach (var (k, v) in environment) info.Environment[k] = v;
        using var p = Process.Start(info)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(10))) p.Kill(entireProcessTree: true);
        p.WaitForExit();
        return (p.ExitCode, output.Result, error.Result);
    }
}
