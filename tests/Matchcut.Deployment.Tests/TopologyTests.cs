using System.Text.Json;
using System.Text.RegularExpressions;
using Matchcut.Gateway;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;

namespace Matchcut.Deployment.Tests;

/// <summary>
/// The deployed shape, from compose, the chart's values and templates, the Dockerfile and the code: the gateway's
/// YARP clusters reach a service that serves the API (and is let through), every probe path is one its service maps,
/// and the stages that run models get the models folder.
/// </summary>
public class TopologyTests
{
    private const string DestinationVariable = @"^ReverseProxy__Clusters__([^_]+)__Destinations__([^_]+)__Address$";

    /// <summary>Cluster ids the gateway's own configuration routes to (services/Gateway/appsettings.json).</summary>
    private static IReadOnlySet<string> GatewayClusters()
    {
        using var settings = JsonDocument.Parse(File.ReadAllText(RepositoryFiles.PathOf("services/Gateway/appsettings.json")));
        var proxy = settings.RootElement.GetProperty("ReverseProxy");
        var routed = proxy.GetProperty("Routes").EnumerateObject().Select(r => r.Value.GetProperty("ClusterId").GetString()!).ToHashSet();
        Assert.Equal(routed, proxy.GetProperty("Clusters").EnumerateObject().Select(c => c.Name).ToHashSet());
        return routed;
    }

    private static string ProgramOf(string project) =>
        File.ReadAllText(Path.Combine(Path.GetDirectoryName(RepositoryFiles.PathOf(project))!, "Program.cs"));

    [Fact]
    public void Chart_gateway_forwards_each_cluster_to_a_service_that_serves_the_api_and_lets_the_gateway_in()
    {
        var gateway = Deployment.ChartServices["gateway"];
        var clusters = gateway.Map("proxy").Map("clusters");
        Assert.Equal(GatewayClusters(), clusters.Keys.Cast<string>().ToHashSet());
        foreach (var (cluster, target) in clusters.Select(c => ((string)c.Key, (string)c.Value!)))
        {
            Assert.True(Deployment.ChartServices.TryGetValue(target, out var svc), $"cluster {cluster}: no chart service {target}");
            Assert.Equal("true", svc!.Map("service").Scalar("enabled"));
            Assert.Contains("MapQueryApi()", ProgramOf(svc.Scalar("project")!));
            // Its network policy admits the gateway's pods, and the gateway's own lets it out to that port.
            var from = svc.Map("networkPolicy").ListOrEmpty("ingressFrom").Cast<Dictionary<object, object?>>();
            Assert.Contains(from, f => f.MapOrEmpty("podSelector").MapOrEmpty("matchLabels").Scalar("app.kubernetes.io/name") == "gateway");
            Assert.Contains(svc.Scalar("containerPort"), gateway.Map("networkPolicy").ListOrEmpty("egressPorts").Cast<string>());
        }
        // The template turns proxy.clusters into YARP's destination variable, addressed at the target's Service.
        var helpers = File.ReadAllText(Path.Combine(RepositoryFiles.TemplatesFolder, "_helpers.tpl"));
        Assert.Contains("range $cluster, $target := (default dict (default dict .svc.proxy).clusters)", helpers);
        Assert.Contains(@"(printf ""ReverseProxy__Clusters__%s__Destinations__d1__Address"" $cluster) (printf ""http://%s:%v/"" (include ""matchcut.componentName"" (dict ""root"" $root ""name"" $target)) $t.service.port)", helpers);
        // The Service listens on service.port and sends to the pod's named http port.
        var service = File.ReadAllText(Path.Combine(RepositoryFiles.TemplatesFolder, "service.yaml"));
        Assert.Contains("port: {{ $svc.service.port }}", service);
        Assert.Contains("targetPort: http", service);
        Assert.Contains("- name: http\n              containerPort: {{ $svc.containerPort }}", File.ReadAllText(Path.Combine(RepositoryFiles.TemplatesFolder, "deployment.yaml")));
    }

    [Fact]
    public void Only_the_gateway_and_its_destinations_take_connections_in_the_chart()
    {
        var destinations = Deployment.ChartServices["gateway"].Map("proxy").Map("clusters").Values.Cast<string>().ToHashSet();
        foreach (var (name, svc) in Deployment.ChartServices)
        {
            var open = svc.Map("service").Scalar("enabled") == "true" || svc.Map("networkPolicy").ListOrEmpty("ingressFrom").Count > 0;
            Assert.True(open == (name == "gateway" || destinations.Contains(name)), $"{name}: takes connections = {open}");
        }
    }

    [Fact]
    public void Compose_gateway_forwards_each_cluster_to_the_compose_service_of_the_chart_destination()
    {
        var gateway = Assert.Single(Deployment.ComposeServices, s => s.Project == Expectations.GatewayProject);
        var destinations = gateway.Environment
            .Select(e => (Match: Regex.Match((string)e.Key, DestinationVariable), Value: (string)e.Value!))
            .Where(e => e.Match.Success).ToList();
        Assert.Equal(GatewayClusters(), destinations.Select(d => d.Match.Groups[1].Value).ToHashSet());
        var chartTargets = Deployment.ChartServices["gateway"].Map("proxy").Map("clusters");
        foreach (var (match, value) in destinations)
        {
            var url = new Uri(value);
            var target = Assert.Single(Deployment.ComposeServices, s => s.Name == url.Host);
            Assert.Equal(Deployment.ChartServices[(string)chartTargets[match.Groups[1].Value]!].Scalar("project"), target.Project);
            Assert.Equal(Expectations.ContainerPort, url.Port);
            Assert.Equal("service_healthy", gateway.Node.Map("depends_on").Map(url.Host).Scalar("condition"));
        }
    }

    [Fact]
    public void Every_service_maps_the_paths_its_probes_healthcheck_and_image_ask_for()
    {
        var imageCheck = Regex.Match(File.ReadAllText(RepositoryFiles.PathOf("docker/service.Dockerfile")), @"HEALTHCHECK[^\n]*\n[^\n]*http://localhost:\d+(/\S+)").Groups[1].Value;
        var asked = new Dictionary<string, HashSet<string>>();
        void Ask(string project, string path) => (asked.TryGetValue(project, out var set) ? set : asked[project] = []).Add(path);
        foreach (var (_, svc) in Deployment.ChartServices)
        {
            foreach (var kind in new[] { "startup", "liveness", "readiness" })
                Ask(svc.Scalar("project")!, svc.Map("probes").Map(kind).Map("httpGet").Scalar("path")!);
            Ask(svc.Scalar("project")!, imageCheck);
        }
        foreach (var service in Deployment.ComposeServices)
            Ask(service.Project!, Regex.Match(string.Join(' ', service.Node.Map("healthcheck").ListOrEmpty("test").Cast<string>()), @"http://localhost:\d+(/\S*)").Groups[1].Value);

        foreach (var (project, paths) in asked)
        {
            var mapped = project == Expectations.GatewayProject ? GatewayPaths() : ServicePaths(project);
            Assert.True(paths.IsSubsetOf(mapped), $"{project} maps {string.Join(", ", mapped)} but is asked for {string.Join(", ", paths)}");
        }
    }

    // Every stage's Program maps the shared health endpoints (HealthEndpointTests checks what those are).
    private static HashSet<string> ServicePaths(string project) =>
        ProgramOf(project).Contains("app.MapMatchcutHealth();", StringComparison.Ordinal) ? [.. Expectations.HealthPaths] : [];

    // The gateway as its Program builds it, endpoints read from the routing data sources.
    private static HashSet<string> GatewayPaths()
    {
        Assert.Contains("app.UseGateway();", ProgramOf(Expectations.GatewayProject));
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddJsonFile(RepositoryFiles.PathOf("services/Gateway/appsettings.json"));
        builder.AddGateway();
        var app = builder.Build();
        app.UseGateway();
        return ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/')).ToHashSet();
    }

    [Fact]
    public void Stages_that_run_models_get_the_models_folder_and_ffmpeg()
    {
        foreach (var (name, svc) in Deployment.ChartServices.Where(s => Expectations.ProjectsRunningModels.Contains(s.Value.Scalar("project")!)))
        {
            var folder = svc.Map("env").Scalar("Models__Folder");
            Assert.NotNull(folder);
            Assert.Contains(svc.ListOrEmpty("volumeMounts").Cast<Dictionary<object, object?>>(), m => m.Scalar("mountPath") == folder);
            Assert.True(Expectations.ProjectsNeedingFfmpeg.Contains(svc.Scalar("project")!), name);
        }
        foreach (var service in Deployment.ComposeServices.Where(s => Expectations.ProjectsRunningModels.Contains(s.Project!)))
        {
            var folder = service.Environment.TryGetValue("Models__Folder", out var f) ? (string?)f : null;
            Assert.NotNull(folder);
            Assert.Contains(service.Node.ListOrEmpty("volumes").Cast<string>(), v => v.Split(':')[^2] == folder || v.EndsWith(":" + folder, StringComparison.Ordinal));
        }
    }
}
