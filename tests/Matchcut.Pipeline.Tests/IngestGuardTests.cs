using System.Security.Cryptography;
using System.Text.Json;
using Matchcut.Pipeline;
using Matchcut.ServiceDefaults;
using Matchcut.Storage;

namespace Matchcut.Pipeline.Tests;

/// <summary>What Ingest refuses before it takes a source in: paths that really lead outside the roots, and content whose short id is taken by other content.</summary>
[Collection(PipelineCollection.Name)]
public sealed class IngestGuardTests(PipelineFixture pipeline)
{
    [Fact]
    public async Task A_symlinked_folder_inside_a_root_that_leads_outside_is_refused()
    {
        var outside = Directory.CreateTempSubdirectory("matchcut-outside-").FullName;
        var link = pipeline.Input($"linked-{Guid.NewGuid():N}");
        try
        {
            File.Copy(TestMedia.File("counter.mp4"), Path.Combine(outside, "film.mp4"));
            Directory.CreateSymbolicLink(link, outside);
            var outcome = await pipeline.LandAsync("through-a-link", Path.Combine(link, "film.mp4"));
            Assert.False(outcome.Succeeded);
            Assert.Equal(Contracts.PipelineStages.Ingest, outcome.Failed!.Stage);
            Assert.Contains($"leads to '{Path.Combine(outside, "film.mp4")}', which is outside the configured source roots", outcome.Failed.Reason);
            Assert.False(outcome.Failed.Retriable);
        }
        finally
        {
            Directory.Delete(link);
            Directory.Delete(outside, recursive: true);
        }
    }

    [Fact]
    public async Task An_s3_landing_of_another_assets_stored_source_is_refused_and_uploads_are_taken()
    {
        var theirs = await pipeline.LandAsync("owner", TestMedia.File("delayed_start.mp4"));
        Assert.True(theirs.Succeeded, theirs.Failed?.Reason);
        var store = pipeline.Get<IObjectStore>();
        Assert.True(await store.ExistsAsync(AssetKeys.Source(theirs.AssetId!)));

        foreach (var key in new[] { AssetKeys.Source(theirs.AssetId!), $"titles/owner/title.json", "incoming/x", "elsewhere/film.mp4" })
        {
            var outcome = await pipeline.LandAsync("taker", $"s3://matchcut/{key}");
            Assert.False(outcome.Succeeded, key);
            Assert.Contains("is not under an upload prefix (Ingest:UploadPrefixes: uploads/)", outcome.Failed!.Reason);
            Assert.False(outcome.Failed.Retriable);
        }
        Assert.False(await store.ExistsAsync(AssetKeys.TitleOfAsset(theirs.AssetId!, "taker")));

        // The same bytes uploaded where uploads go are landed (and are the same asset, by content).
        await using (var upload = File.OpenRead(TestMedia.File("delayed_start.mp4"))) await store.PutAsync("uploads/guard/delayed_start.mp4", upload);
        var uploaded = await pipeline.LandAsync("taker", "s3://matchcut/uploads/guard/delayed_start.mp4");
        Assert.True(uploaded.Succeeded, uploaded.Failed?.Reason);
        Assert.Equal(theirs.AssetId, uploaded.AssetId);
    }

    [Fact]
    public async Task Content_whose_short_id_is_taken_by_other_content_is_refused_and_nothing_is_reused()
    {
        // Unique content (a real video plus trailing bytes), and a stored asset under its 16-hex id with another full hash.
        var bytes = (await File.ReadAllBytesAsync(TestMedia.File("delayed_start.mp4"))).Concat(Guid.NewGuid().ToByteArray()).ToArray();
        var source = pipeline.Input($"collides-{Guid.NewGuid():N}.mp4");
        await File.WriteAllBytesAsync(source, bytes);
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var assetId = hash[..16];
        var other = assetId + new string('0', 48);
        var store = pipeline.Get<IObjectStore>();
        var record = JsonSerializer.SerializeToUtf8Bytes(new
        {
            id = assetId, contentHash = other, sourceUri = "/elsewhere/other.mp4", sourceKey = AssetKeys.Source(assetId), sizeBytes = 1, ingestedAt = DateTimeOffset.UtcNow,
        });
        await store.PutAsync(AssetKeys.Asset(assetId), new MemoryStream(record));

        var outcome = await pipeline.LandAsync("collision", source);
        Assert.False(outcome.Succeeded);
        Assert.Equal(Contracts.PipelineStages.Ingest, outcome.Failed!.Stage);
        Assert.Contains($"Asset id {assetId} is taken by other content", outcome.Failed.Reason);
        Assert.Equal(other, (await pipeline.Get<AssetCatalog>().GetAssetAsync(assetId))!.ContentHash);
        Assert.False(await store.ExistsAsync(AssetKeys.TitleOfAsset(assetId, "collision")));
    }
}

/// <summary>An embedded pipeline that accepts sources of at most 50 000 bytes.</summary>
public sealed class SmallSourceLimitFixture() : EmbeddedPipelineFixture("small-limit")
{
    public const long MaxBytes = 50_000;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("Ingest:MaxBytes", MaxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("Models:Enabled", "false"),
    ];
}

/// <summary>Ingest:MaxBytes holds for files (checked up front) and for s3:// objects (checked while streaming), leaving nothing behind.</summary>
public sealed class IngestSizeLimitTests(SmallSourceLimitFixture pipeline) : IClassFixture<SmallSourceLimitFixture>
{
    [Fact]
    public async Task Sources_over_max_bytes_are_refused_and_leave_nothing_in_the_store()
    {
        var store = pipeline.Get<IObjectStore>();
        Assert.True(new FileInfo(TestMedia.File("counter.mp4")).Length > SmallSourceLimitFixture.MaxBytes);
        await using (var upload = File.OpenRead(TestMedia.File("counter.mp4"))) await store.PutAsync("uploads/counter.mp4", upload);

        foreach (var source in new[] { TestMedia.File("counter.mp4"), "s3://matchcut/uploads/counter.mp4" })
        {
            var outcome = await pipeline.LandAsync("too-large", source);
            Assert.False(outcome.Succeeded, source);
            Assert.Equal(Contracts.PipelineStages.Ingest, outcome.Failed!.Stage);
            Assert.Contains("Ingest:MaxBytes", outcome.Failed.Reason);
            Assert.False(outcome.Failed.Retriable);
        }
        Assert.Empty(await store.ListAsync("incoming/").ToListAsync());
        Assert.Empty(await store.ListAsync("assets/").ToListAsync());
    }
}
