namespace Matchcut.Deployment.Tests;

public class ConfigurationReferenceTests
{
    /// <summary>
    /// docs/configuration.md is what the options classes say now. `make docs` rewrites it (this test with
    /// MATCHCUT_WRITE_DOCS=1); otherwise a stale file fails here and the fresh text is left in .artifacts/ to compare.
    /// </summary>
    [Fact]
    public void The_configuration_reference_in_docs_is_current()
    {
        var root = RepositoryFiles.Root;
        var path = Path.Combine(root, ConfigurationReference.File);
        var fresh = ConfigurationReference.Render();
        if (Environment.GetEnvironmentVariable("MATCHCUT_WRITE_DOCS") == "1") File.WriteAllText(path, fresh);
        var current = File.Exists(path) ? File.ReadAllText(path) : "";
        if (current == fresh) return;
        var artifact = Path.Combine(root, ".artifacts", "configuration.md");
        Directory.CreateDirectory(Path.GetDirectoryName(artifact)!);
        File.WriteAllText(artifact, fresh);
        var line = current.Split('\n').Zip(fresh.Split('\n')).Select((l, i) => (l, i)).FirstOrDefault(x => x.l.First != x.l.Second);
        Assert.Fail($"{ConfigurationReference.File} is stale (first difference at line {line.i + 1}: '{line.l.Second}'); run `make docs` (fresh text in {artifact}).");
    }

    [Fact]
    public void Every_bound_option_with_a_setter_is_documented_in_the_reference()
    {
        var text = ConfigurationReference.Render();
        // Spot checks across the kinds of options: a plain key, a nested section, a per-stage key, a dictionary.
        Assert.Contains("| `Bus:RabbitMq:Host` |", text);
        Assert.Contains("| `Stages:<stage>:DeadlineFloorSeconds` |", text);
        Assert.Contains("| `Tags:ClassMinConfidence` | map of number | `person`: `0.5` |", text);
        Assert.Contains("| `Ingest:MaxDurationSec` | number | `21600` |", text);
        // Every row has a description: an options property without a summary fails here.
        var undocumented = text.Split('\n').Where(l => l.StartsWith("| `", StringComparison.Ordinal) && l.TrimEnd().EndsWith("|  |", StringComparison.Ordinal)).ToList();
        Assert.True(undocumented.Count == 0, $"options without a <summary>:\n{string.Join('\n', undocumented)}");
    }
}
