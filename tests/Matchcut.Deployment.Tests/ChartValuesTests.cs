namespace Matchcut.Deployment.Tests;

public class ChartValuesTests
{
    private static IEnumerable<(string Name, Dictionary<object, object?> Svc)> Services =>
        Deployment.ChartServices.Select(e => (e.Key, e.Value));

    [Fact]
    public void Chart_renders_without_fetching_dependencies()
    {
        Assert.Equal("v2", Deployment.Chart.Scalar("apiVersion"));
        Assert.Equal("matchcut", Deployment.Chart.Scalar("name"));
        Assert.False(string.IsNullOrEmpty(Deployment.Chart.Scalar("version")));
        // A listed dependency missing from charts/ stops `helm install` whatever its condition; they stay documented only.
        Assert.False(Deployment.Chart.ContainsKey("dependencies"));
        foreach (var optional in new[] { "rabbitmq", "minio", "qdrant" })
            Assert.Equal("false", Deployment.Values.Map(optional).Scalar("enabled"));
    }

    [Fact]
    public void Chart_deploys_the_seven_stages_and_the_gateway()
    {
        Assert.Equal(
            ["dedup", "embed-gpu", "gateway", "index", "ingest", "score", "shot-segment", "standardized-encode"],
            Deployment.ChartServices.Keys.Order());
    }

    [Fact]
    public void Every_worker_queue_is_the_endpoint_name_of_its_consumer()
    {
        foreach (var (name, svc) in Services)
        {
            var queue = svc.Scalar("queue");
            if (Expectations.ServicesWithoutQueue.Contains(name))
            {
                Assert.Null(queue);
                continue;
            }
            var consumer = ServiceConsumers.For(svc.Scalar("project")!);
            Assert.True(consumer.Queue == queue, $"{name}: queue '{queue}' but {consumer.ClassName} consumes from '{consumer.Queue}'");
        }
    }

    [Fact]
    public void Every_environment_variable_maps_to_a_bound_option()
    {
        var problems = new List<string>();
        foreach (var (name, svc) in Services)
        {
            foreach (var (key, value) in svc.MapOrEmpty("env"))
                if (ConfigurationKeys.Problem((string)key, value as string) is { } problem) problems.Add($"{name}: {key} {problem}");
            foreach (var key in svc.MapOrEmpty("secretEnv").Keys.Cast<string>())
                if (ConfigurationKeys.Problem(key, null) is { } problem) problems.Add($"{name}: {key} {problem}");
        }
        Assert.Empty(problems);
    }

    [Fact]
    public void Stage_settings_name_the_stage_of_the_service_consumer()
    {
        foreach (var (name, svc) in Services.Where(s => s.Svc.Scalar("queue") is not null))
        {
            var stage = ServiceConsumers.For(svc.Scalar("project")!).Stage;
            var stageKeys = svc.MapOrEmpty("env").Keys.Cast<string>().Where(k => k.StartsWith("Stages__", StringComparison.Ordinal)).ToList();
            Assert.Contains($"Stages__{stage}__ConcurrencyLimit", stageKeys);
            Assert.All(stageKeys, k => Assert.StartsWith($"Stages__{stage}__", k));
        }
    }

    [Fact]
    public void Secret_references_name_keys_of_the_secret()
    {
        var keys = Deployment.Values.Map("secrets").Map("keys");
        foreach (var (name, svc) in Services)
            foreach (var (variable, reference) in svc.MapOrEmpty("secretEnv").Entries())
                Assert.True(keys.ContainsKey(reference.Scalar("secret")!), $"{name}: {variable} names no entry of secrets.keys");
        // Nothing secret is committed: every value placeholder is empty.
        Assert.All(Deployment.Values.Map("secrets").Map("values").Values, v => Assert.Equal("", v));
    }

    [Fact]
    public void Pods_listen_on_8080_and_probe_the_health_endpoints()
    {
        foreach (var (name, svc) in Services)
        {
            Assert.Equal(Expectations.ContainerPort.ToString(), svc.Scalar("containerPort"));
            var probes = svc.Map("probes");
            foreach (var kind in new[] { "startup", "liveness", "readiness" })
            {
                var httpGet = probes.Map(kind).Map("httpGet");
                Assert.Contains(httpGet.Scalar("path") ?? "", Expectations.HealthPaths);
                Assert.Equal("http", httpGet.Scalar("port"));
            }
            Assert.Equal("/health", probes.Map("readiness").Map("httpGet").Scalar("path"));
            Assert.Equal("/alive", probes.Map("liveness").Map("httpGet").Scalar("path"));
        }
    }

    [Fact]
    public void Containers_run_locked_down()
    {
        foreach (var (name, svc) in Services)
        {
            var sc = svc.Map("securityContext");
            Assert.Equal("true", sc.Scalar("runAsNonRoot"));
            Assert.Equal("true", sc.Scalar("readOnlyRootFilesystem"));
            Assert.Equal("false", sc.Scalar("allowPrivilegeEscalation"));
            Assert.Equal(["ALL"], sc.Map("capabilities").ListOrEmpty("drop"));
            Assert.Equal("RuntimeDefault", sc.Map("seccompProfile").Scalar("type"));
            Assert.Equal("true", svc.Map("podSecurityContext").Scalar("runAsNonRoot"));
        }
    }

    [Fact]
    public void Gpu_embed_asks_for_a_gpu_node_and_scales_from_zero()
    {
        var embed = Deployment.ChartServices["embed-gpu"];
        Assert.Equal("1", embed.Map("resources").Map("limits").Scalar("nvidia.com/gpu"));
        Assert.Equal("nvidia", embed.Scalar("runtimeClassName"));
        Assert.NotEmpty(embed.MapOrEmpty("nodeSelector"));
        Assert.Contains(embed.ListOrEmpty("tolerations").Cast<Dictionary<object, object?>>(), t => t.Scalar("key") == "nvidia.com/gpu");
        Assert.Equal("0", embed.Map("autoscaling").Scalar("minReplicas"));
        var startup = embed.Map("probes").Map("startup");
        var budgetSeconds = int.Parse(startup.Scalar("periodSeconds")!) * int.Parse(startup.Scalar("failureThreshold")!);
        Assert.True(budgetSeconds >= 120, $"startup probe allows {budgetSeconds}s for model load");
        Assert.Equal("Cuda", embed.Map("env").Scalar("Onnx__ExecutionProvider"));
    }

    [Fact]
    public void Services_without_a_queue_never_scale_to_zero()
    {
        // KEDA can scale to zero only on a queue; an HPA-scaled service must keep a replica.
        foreach (var (name, svc) in Services.Where(s => s.Svc.Scalar("queue") is null))
            Assert.NotEqual("0", svc.Map("autoscaling").Scalar("minReplicas"));
    }
}
