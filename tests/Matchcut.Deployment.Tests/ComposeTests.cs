using System.Text.RegularExpressions;

namespace Matchcut.Deployment.Tests;

public class ComposeTests
{
    [Fact]
    public void Compose_builds_every_chart_service_from_the_same_project()
    {
        foreach (var (name, svc) in Deployment.ChartServices)
        {
            var built = Assert.Single(Deployment.ComposeServices, c => c.Name == name);
            Assert.Equal(svc.Scalar("project"), built.Project);
        }
    }

    [Fact]
    public void Every_dockerfile_exists_and_builds_an_existing_project()
    {
        Assert.NotEmpty(Deployment.ComposeServices);
        foreach (var service in Deployment.ComposeServices)
        {
            Assert.Equal(".", service.Build.Scalar("context"));
            Assert.True(File.Exists(RepositoryFiles.PathOf(service.Dockerfile)), $"{service.Name}: no {service.Dockerfile}");
            var project = service.Project ?? DockerfileDefault(service.Dockerfile, "PROJECT");
            Assert.NotNull(project);
            Assert.EndsWith(".csproj", project);
            Assert.True(File.Exists(RepositoryFiles.PathOf(project)),
                $"{service.Name}: {project} does not exist");
        }
    }

    [Fact]
    public void Media_stages_get_ffmpeg_and_the_others_do_not()
    {
        foreach (var service in Deployment.ComposeServices.Where(s => s.Dockerfile == "docker/service.Dockerfile"))
        {
            var ffmpeg = service.Build.MapOrEmpty("args").Scalar("INSTALL_FFMPEG") == "true";
            Assert.True(Expectations.ProjectsNeedingFfmpeg.Contains(service.Project!) == ffmpeg, $"{service.Name}: INSTALL_FFMPEG={ffmpeg}");
        }
    }

    [Fact]
    public void Every_environment_variable_maps_to_a_bound_option()
    {
        var problems = Deployment.ComposeServices
            .SelectMany(s => s.Environment.Select(e => (s.Name, Key: (string)e.Key, Value: e.Value as string)))
            .Select(e => (e, Problem: ConfigurationKeys.Problem(e.Key, e.Value)))
            .Where(p => p.Problem is not null)
            .Select(p => $"{p.e.Name}: {p.e.Key} {p.Problem}")
            .ToList();
        Assert.Empty(problems);
    }

    [Fact]
    public void Stage_settings_name_the_stage_of_the_service_consumer()
    {
        foreach (var service in Deployment.ComposeServices.Where(s => !Expectations.ServicesWithoutQueue.Contains(s.Name)))
        {
            var stage = ServiceConsumers.For(service.Project!).Stage;
            foreach (var key in service.Environment.Keys.Cast<string>().Where(k => k.StartsWith("Stages__", StringComparison.Ordinal)))
                Assert.StartsWith($"Stages__{stage}__", key);
        }
    }

    [Fact]
    public void Services_listen_on_8080_and_health_checks_use_the_health_endpoints()
    {
        foreach (var service in Deployment.ComposeServices)
        {
            foreach (var port in service.Node.ListOrEmpty("ports").Cast<string>())
                Assert.EndsWith($":{Expectations.ContainerPort}", port);
            var test = string.Join(' ', service.Node.Map("healthcheck").ListOrEmpty("test").Cast<string>());
            var url = Assert.Single(Regex.Matches(test, @"http://localhost:(\d+)(/\S*)"));
            Assert.Equal(Expectations.ContainerPort.ToString(), url.Groups[1].Value);
            Assert.Contains(url.Groups[2].Value, Expectations.HealthPaths);
        }
    }

    [Fact]
    public void Services_wait_for_healthy_dependencies_and_the_bucket()
    {
        var all = Deployment.Compose.Map("services");
        foreach (var service in Deployment.ComposeServices)
        {
            var dependsOn = service.Node.Map("depends_on");
            foreach (var (dependency, condition) in dependsOn.Entries())
            {
                var expected = all.Map(dependency).ContainsKey("healthcheck") ? "service_healthy" : "service_completed_successfully";
                Assert.Equal(expected, condition.Scalar("condition"));
            }
            // The gateway needs only its destination (TopologyTests); every other service the broker and the bucket.
            if (service.Project == Expectations.GatewayProject) continue;
            Assert.Contains("minio-init", dependsOn.Keys);
            Assert.Contains("rabbitmq", dependsOn.Keys);
        }
        foreach (var infra in new[] { "rabbitmq", "minio", "qdrant" })
            Assert.True(all.Map(infra).ContainsKey("healthcheck"), $"{infra} has no healthcheck");
    }

    [Fact]
    public void Secrets_are_interpolated_never_written_in()
    {
        // A default (${VAR:-x}) would be a password in the file; ${VAR:?} makes compose stop without one.
        var secretish = new Regex("(Password|SecretKey|ApiKey|PASSWORD|_PASS)", RegexOptions.CultureInvariant);
        foreach (var (name, node) in Deployment.Compose.Map("services").Entries())
            foreach (var (key, value) in node.MapOrEmpty("environment"))
                // A key's scopes are settings, not secrets.
                if (secretish.IsMatch((string)key) && !Regex.IsMatch((string)key, @"__Scopes__\d+$"))
                    Assert.Matches(@"^\$\{[A-Z0-9_]+:\?[^}]*\}$", (string)value!);
    }

    [Fact]
    public void Gpu_embed_reserves_an_nvidia_device_behind_a_profile()
    {
        var gpu = Assert.Single(Deployment.ComposeServices, s => s.Name == "embed-gpu");
        Assert.Contains("gpu", gpu.Node.ListOrEmpty("profiles"));
        var device = Assert.Single(gpu.Node.Map("deploy").Map("resources").Map("reservations").ListOrEmpty("devices"));
        Assert.Equal("nvidia", ((Dictionary<object, object?>)device!).Scalar("driver"));
        Assert.Equal("docker/embed-gpu.Dockerfile", gpu.Dockerfile);
    }

    [Fact]
    public void Env_example_sets_every_variable_compose_requires()
    {
        var example = File.ReadAllLines(RepositoryFiles.PathOf(".env.example"))
            .Where(l => l.Contains('=') && !l.TrimStart().StartsWith('#'))
            .Select(l => l[..l.IndexOf('=')].Trim()).ToHashSet();
        var required = Regex.Matches(File.ReadAllText(RepositoryFiles.ComposeFile), @"\$\{([A-Z0-9_]+):\?").Select(m => m.Groups[1].Value);
        Assert.All(required, v => Assert.Contains(v, example));
    }

    private static readonly string[] Infrastructure = ["rabbitmq", "minio", "minio-init", "qdrant"];

    [Fact]
    public void Infrastructure_ports_are_published_on_loopback_only()
    {
        foreach (var name in Infrastructure)
            foreach (var port in Deployment.Compose.Map("services").Map(name).ListOrEmpty("ports").Cast<string>())
                Assert.StartsWith("127.0.0.1:", port);
    }

    [Fact]
    public void Third_party_images_are_pinned_never_latest()
    {
        var example = File.ReadAllLines(RepositoryFiles.PathOf(".env.example")).Where(l => l.Contains('=') && !l.TrimStart().StartsWith('#'))
            .ToDictionary(l => l[..l.IndexOf('=')].Trim(), l => l[(l.IndexOf('=') + 1)..].Trim());
        foreach (var name in Infrastructure)
        {
            var image = Deployment.Compose.Map("services").Map(name).Scalar("image")!;
            var tag = image[(image.LastIndexOf(':') + 1)..];
            // ${VAR:-default}: the default and the example's value are both pinned.
            var variable = Regex.Match(image, @"\$\{([A-Z0-9_]+):-([^}]+)\}$");
            var tags = variable.Success ? new[] { variable.Groups[2].Value, example.GetValueOrDefault(variable.Groups[1].Value, variable.Groups[2].Value) } : [tag];
            Assert.All(tags, t => Assert.Matches(@"^[\w][\w.-]*\d[\w.-]*$", t));
            Assert.All(tags, t => Assert.NotEqual("latest", t));
        }
    }

    private static string? DockerfileDefault(string dockerfile, string arg) =>
        Regex.Match(File.ReadAllText(RepositoryFiles.PathOf(dockerfile)), $@"^ARG {arg}=(\S+)", RegexOptions.Multiline) is { Success: true } m ? m.Groups[1].Value : null;
}
