using Matchcut.TestSupport;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Matchcut.Integration.Tests;

/// <summary>The project's server scripts, free ports and the repository root, for the fixtures that start servers.</summary>
public static class TestProcesses
{
    public static Task ScriptAsync(string root, string script, string args, (string Name, string Value) env) =>
        RunAsync(Path.Combine(root, "scripts", script), args, root, env);

    public static async Task RunAsync(string file, string args, string cwd, params (string Name, string Value)[] env)
    {
        var info = new ProcessStartInfo(file, args) { WorkingDirectory = cwd, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in env) info.Environment[name] = value;
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {args} failed ({p.ExitCode}): {await stderr}{await stdout}");
    }

    public static int FreePort() => TestPorts.Free();

    public static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "matchcut.slnx"))) return dir.FullName;
        throw new DirectoryNotFoundException("No matchcut.slnx above the test binaries.");
    }
}
