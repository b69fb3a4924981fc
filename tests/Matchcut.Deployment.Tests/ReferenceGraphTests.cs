using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Matchcut.Deployment.Tests;

/// <summary>
/// What each project pulls in, read from the project files as `dotnet list reference` and the package references show
/// them, followed through project references: a service carries the S3 client, the Qdrant client or FFMpegCore only when
/// its code (or a stage it hosts) registers the part that needs it, and the hosting defaults and the contracts carry none.
/// </summary>
public sealed class ReferenceGraphTests
{
    /// <summary>A package and the registration whose call means a service needs it.</summary>
    public static TheoryData<string, string> HeavyParts => new()
    {
        { "AWSSDK.S3", "AddObjectStore" },
        { "Qdrant.Client", "AddVectorIndex" },
        { "FFMpegCore", "AddVideoProber" },
    };

    public static TheoryData<string> Services => new(Directory.GetDirectories(RepositoryFiles.PathOf("services")).Select(Path.GetFileName).OfType<string>().Order());

    [Theory]
    [MemberData(nameof(HeavyParts))]
    public void A_service_carries_a_heavy_package_only_when_it_registers_what_uses_it(string package, string registration)
    {
        var wrong = new List<string>();
        foreach (var folder in Directory.GetDirectories(RepositoryFiles.PathOf("services")))
        {
            var project = Directory.GetFiles(folder, "*.csproj").Single();
            var carries = Graph.PackagesOf(project).Contains(package);
            var registers = Graph.ServiceFoldersOf(project).Any(f => CallsIn(f, registration));
            if (carries != registers)
                wrong.Add($"{Path.GetFileName(folder)}: {(carries ? $"carries {package} but never calls {registration}" : $"calls {registration} but does not carry {package}")}");
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public void Score_and_the_gateway_carry_no_qdrant_no_ffmpegcore_and_the_gateway_no_s3()
    {
        var score = Graph.PackagesOf(RepositoryFiles.PathOf("services/Score/Matchcut.Score.csproj"));
        var gateway = Graph.PackagesOf(RepositoryFiles.PathOf("services/Gateway/Matchcut.Gateway.csproj"));
        Assert.DoesNotContain("Qdrant.Client", score);
        Assert.DoesNotContain("FFMpegCore", score);
        Assert.DoesNotContain("Microsoft.ML.OnnxRuntime", score);
        Assert.Empty(gateway.Intersect(["AWSSDK.S3", "Qdrant.Client", "FFMpegCore", "Microsoft.ML.OnnxRuntime"]));
    }

    [Fact]
    public void The_hosting_defaults_are_only_hosting()
    {
        var defaults = RepositoryFiles.PathOf("shared/Matchcut.ServiceDefaults/Matchcut.ServiceDefaults.csproj");
        Assert.Equal(["Matchcut.Contracts"], Graph.ProjectsOf(defaults).Select(Path.GetFileNameWithoutExtension));
        Assert.Empty(Graph.PackagesOf(defaults).Intersect(["AWSSDK.S3", "Qdrant.Client", "FFMpegCore", "Microsoft.ML.OnnxRuntime"]));
    }

    [Fact]
    public void The_contracts_reference_nothing()
    {
        var contracts = XDocument.Load(RepositoryFiles.PathOf("shared/Matchcut.Contracts/Matchcut.Contracts.csproj"));
        Assert.DoesNotContain(contracts.Descendants(), e => e.Name.LocalName is "ProjectReference" or "PackageReference" or "FrameworkReference");
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Every_service_uses_the_shared_hosting_defaults(string service)
    {
        var folder = RepositoryFiles.PathOf($"services/{service}");
        var project = Directory.GetFiles(folder, "*.csproj").Single();
        Assert.Contains(RepositoryFiles.PathOf("shared/Matchcut.ServiceDefaults/Matchcut.ServiceDefaults.csproj"), Graph.ClosureOf(project));
        Assert.True(CallsIn(folder, "AddMatchcutDefaults"), $"{service} never calls AddMatchcutDefaults");
    }

    /// <summary>
    /// A stage's formats live with its feature and other stages call it: no service writes a store key of its own
    /// ("assets/{id}/..." is the pipeline's key schemes'), re-declares the segmenter's 16x9 layout grid (Analysis's
    /// FrameLayout decodes it) or spells out the frame vectors' fingerprint (DedupFeature.FramesFingerprint).
    /// </summary>
    [Fact]
    public void No_service_builds_another_stages_key_or_redeclares_its_format()
    {
        var rules = new (string Pattern, string What)[]
        {
            (@"\$""assets/\{", "builds an asset key (use the feature's key scheme in Matchcut.Pipeline)"),
            (@"Columns\s*=\s*16\b", "re-declares the layout grid (use Matchcut.Analysis.Segmentation.FrameLayout)"),
            (@"Identity\.Fingerprint\}\|n\{", "spells out a frame-vectors fingerprint (use DedupFeature.FramesFingerprint)"),
        };
        var wrong = new List<string>();
        foreach (var file in SourcesIn(RepositoryFiles.PathOf("services")))
        {
            var text = File.ReadAllText(file);
            foreach (var (pattern, what) in rules)
                if (Regex.IsMatch(text, pattern)) wrong.Add($"{Path.GetRelativePath(RepositoryFiles.Root, file)} {what}");
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        // The rules find what they look for: the pipeline's own key schemes and Analysis's grid are where they belong.
        Assert.Matches(rules[0].Pattern, File.ReadAllText(RepositoryFiles.PathOf("shared/Matchcut.Pipeline/Dedup/DedupFeature.cs")));
        Assert.Matches(rules[1].Pattern, File.ReadAllText(RepositoryFiles.PathOf("shared/Matchcut.Analysis/Segmentation/FeatureGrid.cs")));
    }

    private static IEnumerable<string> SourcesIn(string folder) =>
        Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"));

    private static bool CallsIn(string folder, string method) =>
        Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .Any(f => Regex.IsMatch(File.ReadAllText(f), $@"\.{method}\("));

    /// <summary>Project and package references as the project files state them (conditions ignored: every flavour counts).</summary>
    private static class Graph
    {
        private static readonly Dictionary<string, (List<string> Projects, List<string> Packages)> Read = [];

        public static (List<string> Projects, List<string> Packages) Of(string project)
        {
            project = Path.GetFullPath(project);
            if (Read.TryGetValue(project, out var known)) return known;
            var xml = XDocument.Load(project);
            var dir = Path.GetDirectoryName(project)!;
            var projects = xml.Descendants().Where(e => e.Name.LocalName == "ProjectReference")
                .Select(e => Path.GetFullPath(Path.Combine(dir, ((string)e.Attribute("Include")!).Replace('\\', '/')))).ToList();
            var packages = xml.Descendants().Where(e => e.Name.LocalName == "PackageReference").Select(e => (string)e.Attribute("Include")!).ToList();
            return Read[project] = (projects, packages);
        }

        public static IEnumerable<string> ProjectsOf(string project) => Of(project).Projects;

        public static HashSet<string> ClosureOf(string project)
        {
            var seen = new HashSet<string>();
            var todo = new Stack<string>([Path.GetFullPath(project)]);
            while (todo.TryPop(out var p))
                if (seen.Add(p)) foreach (var r in Of(p).Projects) todo.Push(r);
            return seen;
        }

        public static HashSet<string> PackagesOf(string project) => ClosureOf(project).SelectMany(p => Of(p).Packages).ToHashSet();

        /// <summary>The service's own folder and those of the services it hosts (the all-in-one process hosts every stage).</summary>
        public static IEnumerable<string> ServiceFoldersOf(string project)
        {
            var services = RepositoryFiles.PathOf("services") + Path.DirectorySeparatorChar;
            return ClosureOf(project).Where(p => p.StartsWith(services, StringComparison.Ordinal)).Select(p => Path.GetDirectoryName(p)!);
        }
    }
}
