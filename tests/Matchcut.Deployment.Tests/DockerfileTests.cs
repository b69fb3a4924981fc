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
    public void Gpu_image_pins_the_onnx_runtime_download()
    {
        var text = Read("docker/embed-gpu.Dockerfile");
        Assert.Matches(@"FROM \$\{CUDA_IMAGE\} AS runtime", text);
        Assert.Matches(@"ARG CUDA_IMAGE=nvidia/cuda:12\.[\d.]+-cudnn-runtime-ubuntu", text);
        Assert.Matches(@"ARG ORT_VERSION=\d+\.\d+\.\d+", text);
        Assert.Contains("sha256sum -c", text);
        Assert.Contains("libonnxruntime_providers_cuda.so", text);
        Assert.Contains("Onnx__LibraryPath=/opt/onnxruntime/lib/libonnxruntime.so.1", text);
    }

    [Fact]
    public void Build_context_leaves_out_build_output_and_secrets()
    {
        var ignored = File.ReadAllLines(RepositoryFiles.PathOf(".dockerignore"));
        foreach (var entry in new[] { "**/bin/", "**/obj/", ".git/", ".env" })
            Assert.Contains(entry, ignored);
    }
}
