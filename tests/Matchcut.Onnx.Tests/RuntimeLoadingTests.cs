using System.Xml.Linq;

namespace Matchcut.Onnx.Tests;

[Collection(OnnxCollection.Name)]
public sealed class RuntimeLoadingTests(OnnxTestContext context)
{
    [Fact]
    public void Loads_the_runtime_pinned_in_Directory_Packages_props_from_the_app_folder()
    {
        var props = XDocument.Load(FindUpwards("Directory.Packages.props"));
        var pinned = props.Descendants("PackageVersion")
            .Single(p => (string?)p.Attribute("Include") == "Microsoft.ML.OnnxRuntime").Attribute("Version")!.Value;

        Assert.Equal(pinned, context.Runtime.Version);
        // The package's native library is copied beside the test binaries, not fetched anywhere else.
        Assert.StartsWith(AppContext.BaseDirectory, context.Runtime.LibraryPath);
        Assert.EndsWith("libonnxruntime.so", context.Runtime.LibraryPath);
    }

    [Fact]
    public void The_CPU_package_lists_the_CPU_provider()
    {
        Assert.Contains(InferenceSession.CpuProvider, context.Runtime.AvailableProviders());
    }

    [Fact]
    public void Missing_configured_library_is_named()
    {
        var error = Assert.Throws<DllNotFoundException>(() =>
            OnnxRuntime.Create(new OnnxRuntimeOptions { LibraryPath = "/nonexistent/libonnxruntime.so" }));

        Assert.Contains("/nonexistent/libonnxruntime.so", error.Message);
        Assert.Contains("Onnx:LibraryPath", error.Message);
    }

    [Fact]
    public void A_second_library_cannot_replace_the_loaded_one()
    {
        var copy = Directory.CreateTempSubdirectory("matchcut-ort-");
        try
        {
            var other = Path.Combine(copy.FullName, "libonnxruntime.so");
            File.Copy(context.Runtime.LibraryPath, other);

            var error = Assert.Throws<InvalidOperationException>(() => OnnxRuntime.Create(new OnnxRuntimeOptions { LibraryPath = other }));

            Assert.Contains("already loaded", error.Message);
            Assert.Contains(other, error.Message);
            // Naming the library that is loaded is accepted: it is the same one.
            using var same = OnnxRuntime.Create(new OnnxRuntimeOptions { LibraryPath = context.Runtime.LibraryPath });
            Assert.Equal(context.Runtime.Version, same.Version);
        }
        finally
        {
            copy.Delete(recursive: true);
        }
    }

    [Fact]
    public void Log_severity_outside_ORTs_range_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => OnnxRuntime.Create(new OnnxRuntimeOptions { LogSeverity = 5 }));
    }

    private static string FindUpwards(string file)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, file);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"No {file} above {AppContext.BaseDirectory}.");
    }
}
