using MassTransit;
using Matchcut.AllInOne;
using Matchcut.Contracts;

namespace Matchcut.Pipeline.Tests;

/// <summary>
/// Messages from the bus are held to the rules requests to the API are held to: each bad one ends in exactly one
/// AssetFailed naming what is wrong, nothing is written for it, and the next valid landing goes through.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class BusValidationTests(PipelineFixture pipeline)
{
    [Fact]
    public async Task Each_bad_bus_message_fails_once_with_its_reason_and_writes_nothing()
    {
        var good = await pipeline.LandAsync("bus-good", TestMedia.File("delayed_start.mp4"));
        Assert.True(good.Succeeded, good.Failed?.Reason);
        var assetId = good.AssetId!;
        var manifest = good.Indexed!.Features;
        var shots = manifest.Require(FeatureNames.Shots);
        FeatureManifest Pointing(string name, string key) => manifest.With(name, shots with { Key = key });

        var source = TestMedia.File("counter.mp4");
        var manyEntries = Enumerable.Range(0, 100).ToDictionary(i => $"k{i}", i => "v");
        var cases = new (string Name, object Message, Func<AssetFailed, bool> Mine, string Reason)[]
        {
            ("no title", new AssetLanded(null!, source + "?no-title"), f => f.SourceUri == source + "?no-title", "titleId (missing)"),
            ("title with a slash", new AssetLanded("a/b", source + "?slash"), f => f.SourceUri == source + "?slash", "titleId 'a/b'"),
            ("title of dots", new AssetLanded("..", source + "?dots"), f => f.SourceUri == source + "?dots", "not a title id"),
            ("no source", new AssetLanded("bus-no-source", ""), f => f.TitleId == "bus-no-source", "sourceUri is required"),
            ("metadata flood", new AssetLanded("bus-metadata", source, manyEntries), f => f.TitleId == "bus-metadata", "100 entries"),
            ("manifest key of another asset", new ShotsSegmented(assetId, "bus-other-key", 3,
                Pointing(FeatureNames.Shots, "assets/0000000000000000/shots/v1/shots.json")), f => f.TitleId == "bus-other-key", "not under the asset's own prefix"),
            ("manifest key climbing out", new ShotsDeduplicated(assetId, "bus-climb", 3,
                Pointing(FeatureNames.Dedup, $"assets/{assetId}/../../landings/x.json")), f => f.TitleId == "bus-climb", "not under the asset's own prefix"),
            ("manifest key outside the assets", new ShotsScored(assetId, "bus-outside", Pointing(FeatureNames.Matches, "titles/sintel/title.json")),
                f => f.TitleId == "bus-outside", "not under the asset's own prefix"),
            ("asset id that is a path", new AssetStandardized("../../titles", "bus-asset-path", "std", manifest), f => f.TitleId == "bus-asset-path", "not an asset id"),
            ("asset id in upper case", new ShotsEmbedded(assetId.ToUpperInvariant(), "bus-upper", [Flavours.Frame], manifest),
                f => f.TitleId == "bus-upper", "not an asset id"),
            ("title with a slash on a stage", new ShotsSegmented(assetId, "x/y", 3, manifest), f => f.AssetId == assetId && f.TitleId == "" && f.Stage == PipelineStages.Dedup, "titleId 'x/y'"),
        };

        var store = Path.Combine(pipeline.WorkFolder, "store");
        var before = Listing(store);
        using (var watch = new FailureWatch(pipeline.Get<PipelineTracker>()))
        {
            var bus = pipeline.Get<IBus>();
            foreach (var c in cases) await bus.Publish(c.Message, c.Message.GetType());
            await watch.AssertOneEachAsync(cases.Select(c => new BadMessageCase(c.Name, c.Mine, c.Reason)).ToList(), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(1));
        }
        // Nothing was written for any of them: no title association, no status on the real asset, no object elsewhere.
        var after = Listing(store);
        Assert.Equal(before, after);

        var next = await pipeline.LandAsync("bus-after-bad", TestMedia.File("counter.mp4"));
        Assert.True(next.Succeeded, next.Failed?.Reason);
    }

    /// <summary>Every file of the filesystem store with its size and time, so any write shows.</summary>
    private static List<string> Listing(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => $"{Path.GetRelativePath(root, f)} {new FileInfo(f).Length} {File.GetLastWriteTimeUtc(f):O}")
            .Order(StringComparer.Ordinal).ToList();
}
