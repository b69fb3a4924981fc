using System.Diagnostics;
using System.Text.Json;

namespace Matchcut.Deployment.Tests;

/// <summary>
/// Every app gets exactly one ONNX Runtime native package: the CPU one by default, the CUDA one (instead) in a build
/// with -p:OnnxRuntimeFlavor=Gpu. Both in one app would put two libonnxruntime.so of the same name in its output and
/// the one copied last would win, silently.
/// </summary>
public sealed class OnnxRuntimeFlavorTests
{
    private const string CpuPackage = "Microsoft.ML.OnnxRuntime";
    private const string GpuPackage = "Microsoft.ML.OnnxRuntime.Gpu.Linux";
    private static readonly string[] NativePackages = [CpuPackage, GpuPackage, "Microsoft.ML.OnnxRuntime.Gpu", "Microsoft.ML.OnnxRuntime.Gpu.Windows"];

    public static TheoryData<string, string> Flavours => new() { { "Cpu", CpuPackage }, { "Gpu", GpuPackage } };

    public static TheoryData<string> ModelRunningApps =>
        ["services/EmbedGpu/Matchcut.EmbedGpu.csproj", "services/Dedup/Matchcut.Dedup.csproj", "services/AllInOne/Matchcut.AllInOne.csproj"];

    [Theory]
    [MemberData(nameof(Flavours))]
    public void EmbedGpus_restore_graph_holds_exactly_the_flavours_package(string flavour, string expected)
    {
        var direct = DirectPackagesOfClosure("services/EmbedGpu/Matchcut.EmbedGpu.csproj", flavour);

        var native = direct.Where(p => NativePackages.Contains(p.Package, StringComparer.OrdinalIgnoreCase)).ToList();
        var only = Assert.Single(native);
        Assert.Equal(expected, only.Package);
        Assert.EndsWith("Matchcut.Onnx.csproj", only.Project);
    }

    [Theory]
    [MemberData(nameof(ModelRunningApps))]
    public void Apps_that_run_models_get_the_CPU_package_by_default(string app)
    {
        var native = DirectPackagesOfClosure(app, flavour: null).Where(p => NativePackages.Contains(p.Package, StringComparer.OrdinalIgnoreCase));

        Assert.Equal([CpuPackage], native.Select(p => p.Package).Distinct());
    }

    [Fact]
    public void Only_Matchcut_Onnx_chooses_a_native_package()
    {
        var files = Directory.EnumerateFiles(RepositoryFiles.Root, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".csproj", StringComparison.Ordinal) || f.EndsWith(".props", StringComparison.Ordinal) || f.EndsWith(".targets", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(RepositoryFiles.Root, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(f => !f.Split('/').Any(part => part.StartsWith('.') || part is "bin" or "obj" or "node_modules"))
            .Where(f => File.ReadAllText(RepositoryFiles.PathOf(f)).Contains("PackageReference Include=\"Microsoft.ML.OnnxRuntime", StringComparison.Ordinal));

        Assert.Equal(["shared/Matchcut.Onnx/Matchcut.Onnx.csproj"], files);
    }

    [Fact]
    public void An_unknown_flavour_is_refused()
    {
        var (code, output) = Dotnet(RepositoryFiles.Root, "msbuild", "shared/Matchcut.Onnx/Matchcut.Onnx.csproj",
            "-t:CollectPackageReferences", "-p:OnnxRuntimeFlavor=Cuda", "-nologo", "-v:q");

        Assert.NotEqual(0, code);
        Assert.Contains("OnnxRuntimeFlavor 'Cuda' is not known", output);
    }

    /// <summary>
    /// Restores Matchcut.Onnx alone (a copy of it and the repository's props and nuget.config in a temporary folder, so
    /// the checkout's obj folders are not touched) with -p:OnnxRuntimeFlavor=Gpu, and reads what NuGet resolved,
    /// transitive packages included.
    /// </summary>
    [Fact]
    public void The_GPU_flavour_resolves_the_CUDA_package_and_never_the_CPU_one()
    {
        var folder = Directory.CreateTempSubdirectory("matchcut-ort-flavour-");
        try
        {
            foreach (var file in new[] { "Directory.Build.props", "Directory.Packages.props", "nuget.config", "shared/Matchcut.Onnx/Matchcut.Onnx.csproj" })
            {
                var target = Path.Combine(folder.FullName, file);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(RepositoryFiles.PathOf(file), target);
            }
            var project = Path.Combine(folder.FullName, "shared", "Matchcut.Onnx", "Matchcut.Onnx.csproj");

            var (code, output) = Dotnet(folder.FullName, "restore", project, "-p:OnnxRuntimeFlavor=Gpu", "-nologo", "-v:q");
            Assert.True(code == 0, output);

            using var assets = JsonDocument.Parse(File.ReadAllText(Path.Combine(Path.GetDirectoryName(project)!, "obj", "project.assets.json")));
            var libraries = assets.RootElement.GetProperty("libraries").EnumerateObject().Select(l => l.Name.Split('/')[0]).ToList();
            Assert.Contains(GpuPackage, libraries);
            Assert.DoesNotContain(CpuPackage, libraries);
            var resolved = assets.RootElement.GetProperty("targets").EnumerateObject().Single().Value;
            var gpu = resolved.EnumerateObject().Single(l => l.Name.StartsWith(GpuPackage + "/", StringComparison.Ordinal)).Value;
            Assert.Contains(gpu.GetProperty("runtimeTargets").EnumerateObject(), n => n.Name.EndsWith("/libonnxruntime_providers_cuda.so", StringComparison.Ordinal));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>Every (project, package) pair that the projects in <paramref name="app"/>'s closure reference directly.</summary>
    private static List<(string Project, string Package)> DirectPackagesOfClosure(string app, string? flavour)
    {
        var graph = Path.Combine(Path.GetTempPath(), $"matchcut-dg-{Guid.NewGuid():N}.json");
        try
        {
            List<string> arguments = ["msbuild", app, "-t:GenerateRestoreGraphFile", $"-p:RestoreGraphOutputPath={graph}", "-nologo", "-v:q"];
            if (flavour is not null) arguments.Add($"-p:OnnxRuntimeFlavor={flavour}");
            var (code, output) = Dotnet(RepositoryFiles.Root, [.. arguments]);
            Assert.True(code == 0, output);

            using var document = JsonDocument.Parse(File.ReadAllText(graph));
            var pairs = new List<(string, string)>();
            var projects = document.RootElement.GetProperty("projects").EnumerateObject().ToList();
            Assert.Contains(projects, p => p.Name.EndsWith(Path.GetFileName(app), StringComparison.Ordinal));
            foreach (var project in projects)
            {
                foreach (var framework in project.Value.GetProperty("frameworks").EnumerateObject())
                {
                    if (!framework.Value.TryGetProperty("dependencies", out var dependencies)) continue;
                    pairs.AddRange(dependencies.EnumerateObject().Select(d => (project.Name, d.Name)));
                }
            }
            return pairs;
        }
        finally
        {
            File.Delete(graph);
        }
    }

    private static (int ExitCode, string Output) Dotnet(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        // Run as a plain command, not as a child of the test host's MSBuild node settings.
        start.Environment.Remove("MSBuildExtensionsPath");
        start.Environment.Remove("MSBUILD_EXE_PATH");
        start.Environment.Remove("MSBuildSDKsPath");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5))) process.Kill(entireProcessTree: true);
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
