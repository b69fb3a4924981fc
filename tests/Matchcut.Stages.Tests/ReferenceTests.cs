using System.Xml.Linq;

namespace Matchcut.Stages.Tests;

/// <summary>What `dotnet list reference` shows, checked: no service depends on another service (the composition root excepted).</summary>
public sealed class ReferenceTests
{
    private static readonly string Root = FindRoot();

    public static TheoryData<string> Services() => new(Directory.GetFiles(Path.Combine(Root, "services"), "*.csproj", SearchOption.AllDirectories)
        .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}AllInOne{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
        .Select(p => Path.GetRelativePath(Root, p)));

    [Theory]
    [MemberData(nameof(Services))]
    public void A_service_references_only_shared_projects(string project)
    {
        var references = XDocument.Load(Path.Combine(Root, project)).Descendants("ProjectReference")
            .Select(r => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.Combine(Root, project))!, r.Attribute("Include")!.Value.Replace('\\', '/'))))
            .Select(p => Path.GetRelativePath(Root, p).Replace('\\', '/')).ToList();

        Assert.All(references, r => Assert.StartsWith("shared/", r));
        Assert.DoesNotContain(references, r => r.Contains("Matchcut.Hosting", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_service_project_was_checked() => Assert.True(Services().Count >= 8);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "matchcut.slnx"))) return dir.FullName;
        throw new DirectoryNotFoundException("No matchcut.slnx above the test binaries.");
    }
}
