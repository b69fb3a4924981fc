using System.Text.RegularExpressions;

namespace Matchcut.Deployment.Tests;

public class DockerfileTests
{
    public static readonly TheoryData<string> Dockerfiles = ["docker/service.Dockerfile", "docker/embed-gpu.Dockerfile"];

    private static string Read(string path) => File.ReadAllText(RepositoryFiles.PathOf(path));

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void Images_build_on_the_sdk_run_non_root_on_8080_and_check_alive(string dockerfile)
    {
        var text = Read(dockerfile);
        Assert.Matches(@"FROM mcr\.microsoft\.com/dotnet/sdk:\$\{DOTNET_VERSION\} AS build", text);
        Assert.Contains("ARG DOTNET_VERSION=10.0", text);
        Assert.Contains($"EXPOSE {Expectations.ContainerPort}", text);
        Assert.Contains($"ASPNETCORE_HTTP_PORTS={Expectations.ContainerPort}", text);
        Assert.Contains("Media__ScratchFolder=/tmp/matchcut", text);
        var user = Assert.Single(Regex.Matches(text, @"^USER (\S+)", RegexOptions.Multiline)).Groups[1].Value;
        Assert.Contains(user, new[] { "$APP_UID", "1654", "10001" });
        var health = Assert.Single(Regex.Matches(text, @"HEALTHCHECK[^\n]*\n[^\n]*http://localhost:(\d+)(/\S+)"));
        Assert.Equal(Expectations.ContainerPort.ToString(), health.Groups[1].Value);
        Assert.Equal("/alive", health.Groups[2].Value);
        // The environment variables the images set are bound options too.
        foreach (Match env in Regex.Matches(text, @"^\s+(\w+__\w+)=", RegexOptions.Multiline))
            Assert.Null(ConfigurationKeys.Problem(env.Groups[1].Value, null));
    }

    [Fact]
    public void Common_image_runs_on_aspnet_with_ffmpeg_on_request()
    {
        var text = Read("docker/service.Dockerfile");
        Assert.Contains("FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION} AS runtime", text);
        Assert.Contains("ARG INSTALL_FFMPEG=false", text);
        Assert.Contains("apt-get install -y --no-install-recommends ffmpeg", text);
    }

    [Fact]
    public void Gpu_image_publishes_the_GPU_flavour_of_ONNX_Runtime_on_a_matching_CUDA()
    {
        var text = Read("docker/embed-gpu.Dockerfile");
        Assert.Matches(@"FROM \$\{CUDA_IMAGE\} AS runtime", text);
        // Microsoft.ML.OnnxRuntime.Gpu.Linux 1.31 links libcudart.so.13 and needs cuDNN 9.
        Assert.Matches(@"ARG CUDA_IMAGE=nvidia/cuda:13\.[\d.]+-cudnn-runtime-ubuntu", text);
        Assert.Matches(@"dotnet publish [^\n]*-p:OnnxRuntimeFlavor=Gpu", text);
        Assert.Contains("test -f /app/runtimes/linux-x64/native/libonnxruntime_providers_cuda.so", text);
        Assert.Contains("Onnx__ExecutionProvider=Cuda", text);
        // No native library from anywhere but the package: no download, no library path override.
        Assert.DoesNotContain("curl -fsSL", text);
        Assert.DoesNotContain("Onnx__LibraryPath", text);
        // CUDA fails loudly in the image: no instruction turns the CPU fallback on.
        Assert.DoesNotContain(text.Split('\n'), line => !line.TrimStart().StartsWith('#') && line.Contains("AllowCpuFallback", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_context_leaves_out_build_output_and_secrets()
    {
        var ignored = File.ReadAllLines(RepositoryFiles.PathOf(".dockerignore"));
        foreach (var entry in new[] { "**/bin/", "**/obj/", ".git/", ".env" })
            Assert.Contains(entry, ignored);
    }
}
