using System.Text.RegularExpressions;

namespace Matchcut.Deployment.Tests;

/// <summary>
/// Go templates are not YAML and there is no helm binary here, so the templates are checked as text for what
/// matters: one loop over `.Values.services` per kind, the settings they must use, balanced blocks.
/// </summary>
public class ChartTemplateTests
{
    public static readonly TheoryData<string> LoopingTemplates =
        ["deployment.yaml", "service.yaml", "configmap.yaml", "pdb.yaml", "networkpolicy.yaml", "scaledobject.yaml", "hpa.yaml"];

    private static string Read(string template) => File.ReadAllText(Path.Combine(RepositoryFiles.TemplatesFolder, template));

    [Theory]
    [MemberData(nameof(LoopingTemplates))]
    public void Each_kind_is_one_loop_over_the_services_with_defaults_merged(string template)
    {
        var text = Read(template);
        Assert.Single(Regex.Matches(text, @"range \$name, \$cfg := \.Values\.services"));
        // The loop body starts from the merged settings and skips disabled services.
        Assert.Matches(
            @"range \$name, \$cfg := \.Values\.services \}\}\n\{\{- \$svc := include ""matchcut\.config"" \(dict ""root"" \$ ""cfg"" \$cfg\) \| fromYaml \}\}\n\{\{- if (and )?\$svc\.enabled",
            text);
    }

    [Fact]
    public void Templates_cover_every_kind_and_nothing_is_copied_per_service()
    {
        var files = Directory.EnumerateFiles(RepositoryFiles.TemplatesFolder).Select(Path.GetFileName).Order().ToList();
        Assert.Equal(
            ["NOTES.txt", "_helpers.tpl", "configmap.yaml", "deployment.yaml", "hpa.yaml", "networkpolicy.yaml", "pdb.yaml", "scaledobject.yaml", "secret.yaml", "service.yaml"],
            files);
        foreach (var file in files)
            foreach (var service in Deployment.ChartServices.Keys)
                Assert.DoesNotContain($".Values.services.{service}.", Read(file!).Replace("-", "_"));
    }

    [Fact]
    public void Scaled_objects_scale_on_the_service_queue_length_with_the_rabbitmq_secret()
    {
        var text = Read("scaledobject.yaml");
        Assert.Contains("kind: ScaledObject", text);
        Assert.Contains("type: rabbitmq", text);
        Assert.Contains("mode: QueueLength", text);
        Assert.Contains("queueName: {{ $svc.queue }}", text);
        Assert.Contains("minReplicaCount: {{ $svc.autoscaling.minReplicas }}", text);
        Assert.Contains("kind: TriggerAuthentication", text);
        Assert.Contains("secretTargetRef:", text);
        Assert.Contains("authenticationRef:", text);
    }

    [Fact]
    public void Deployments_use_the_default_security_contexts_and_leave_replicas_to_the_autoscaler()
    {
        var text = Read("deployment.yaml");
        Assert.Contains("toYaml $svc.securityContext", text);
        Assert.Contains("toYaml $svc.podSecurityContext", text);
        Assert.Matches(@"if not \(include ""matchcut.scaler"".*\}\}\s*\n\s*replicas:", text);
        Assert.Contains("runtimeClassName", text);
        Assert.Contains("startupProbe", text);
        Assert.Contains("secretKeyRef", text);
        // /tmp is the only writable path with a read-only root filesystem.
        Assert.Matches(@"mountPath: /tmp", text);
    }

    [Fact]
    public void Secret_values_are_read_only_by_the_optional_secret()
    {
        foreach (var file in Directory.EnumerateFiles(RepositoryFiles.TemplatesFolder).Where(f => Path.GetFileName(f) != "secret.yaml"))
            Assert.DoesNotContain("secrets.values", File.ReadAllText(file));
        Assert.StartsWith("{{- if .Values.secrets.create }}", Read("secret.yaml"));
    }

    [Fact]
    public void Hpa_is_the_fallback_where_keda_does_not_scale()
    {
        var helpers = Read("_helpers.tpl");
        Assert.Contains("if and .root.Values.keda.enabled .svc.queue -}}keda{{- else -}}hpa", helpers);
        Assert.Contains("(eq (include \"matchcut.scaler\" (dict \"root\" $ \"svc\" $svc)) \"hpa\")", Read("hpa.yaml"));
        Assert.Contains("(eq (include \"matchcut.scaler\" (dict \"root\" $ \"svc\" $svc)) \"keda\")", Read("scaledobject.yaml"));
    }

    [Fact]
    public void Environment_variables_written_by_templates_map_to_bound_options()
    {
        var names = Directory.EnumerateFiles(RepositoryFiles.TemplatesFolder)
            .SelectMany(f => Regex.Matches(File.ReadAllText(f), @"""([A-Z][A-Za-z0-9]*(?:__[A-Za-z0-9-]+)+)""").Select(m => m.Groups[1].Value))
            .Distinct().ToList();
        Assert.NotEmpty(names);
        Assert.All(names, n => Assert.Null(ConfigurationKeys.Problem(n, null)));
    }

    [Theory]
    [InlineData("_helpers.tpl")]
    [InlineData("secret.yaml")]
    [InlineData("NOTES.txt")]
    [InlineData("deployment.yaml")]
    [InlineData("service.yaml")]
    [InlineData("configmap.yaml")]
    [InlineData("pdb.yaml")]
    [InlineData("networkpolicy.yaml")]
    [InlineData("scaledobject.yaml")]
    [InlineData("hpa.yaml")]
    public void Template_blocks_are_balanced(string template)
    {
        var actions = Regex.Matches(Read(template), @"\{\{-?\s*(/\*.*?\*/|[a-z]+)", RegexOptions.Singleline).Select(m => m.Groups[1].Value);
        var depth = 0;
        foreach (var action in actions)
        {
            if (action is "if" or "range" or "with" or "define") depth++;
            else if (action == "end") depth--;
            Assert.True(depth >= 0, $"{template}: an end without a block");
        }
        Assert.Equal(0, depth);
    }
}
