using Matchcut.ShotSegment;
using Matchcut.Contracts;
using Matchcut.Pipeline;
using Matchcut.Score;
using Matchcut.Storage;

namespace Matchcut.Stages.Tests;

/// <summary>
/// Each stage driven alone from a message whose features were moved to places no stage would compose: it must read
/// them where the message says and publish its event with the manifest it received plus what it produced.
/// </summary>
[Collection(StageChainCollection.Name)]
public sealed class StageTests(StageChainFixture chain)
{
    [Fact]
    public async Task Ingest_announces_the_asset_record_and_the_source_keyed_by_the_content_hash()
    {
        var e = await chain.IngestedAsync();

        Assert.Equal([FeatureNames.Asset, FeatureNames.Source], e.Features.Names);
        Assert.All(e.Features.Features.Values, f => Assert.Equal(e.ContentHash, f.Fingerprint));
        Assert.StartsWith(e.AssetId, e.ContentHash);
        Assert.Equal(TestMedia.File(StageChainFixture.Source), (await chain.ReadAsync<AssetRecord>(e.Features.Require(FeatureNames.Asset))).SourceUri);
    }

    [Fact]
    public async Task StandardizedEncode_reads_the_source_its_message_names_and_adds_video_and_timeline()
    {
        var e = await chain.StandardizedAsync();

        AssertKeeps(e.Features, FeatureNames.Asset, FeatureNames.Source);
        var timeline = await chain.ReadAsync<Media.StandardTimeline>(e.Features.Require(FeatureNames.Timeline));
        Assert.Equal(e.Profile, timeline.Profile);
        Assert.Equal(e.Profile, e.Features.Require(FeatureNames.StdVideo).Version);
        Assert.True(await chain.Store.ExistsAsync(await chain.WhereAsync(e.Features.Require(FeatureNames.StdVideo))));
        // The segmentation features from the same decode, for ShotSegment.
        Assert.Equal(Analysis.Segmentation.SegmentationFeatures.Version, e.Features.Require(FeatureNames.SegmentFeatures).Version);
        Assert.True(await chain.Store.ExistsAsync(await chain.WhereAsync(e.Features.Require(FeatureNames.SegmentFeatures))));
    }

    [Fact]
    public async Task ShotSegment_reads_segmentation_features_video_and_timeline_from_its_message_and_adds_the_shots()
    {
        var e = await chain.SegmentedAsync();

        AssertKeeps(e.Features, FeatureNames.Asset, FeatureNames.Source, FeatureNames.StdVideo, FeatureNames.Timeline, FeatureNames.SegmentFeatures);
        var shots = await chain.ReadAsync<ShotList>(e.Features.Require(FeatureNames.Shots));
        Assert.Equal(e.ShotCount, shots.Shots.Count);
        Assert.NotEmpty(shots.Shots);
        Assert.All(shots.Shots, s => Assert.StartsWith($"assets/{e.AssetId}/shots/{SegmentFeature.Version}/", s.ClipKey));
        Assert.Equal(SegmentFeature.Version, e.Features.Require(FeatureNames.Shots).Version);
    }

    [Fact]
    public async Task A_stored_result_is_reused_only_for_the_features_it_was_made_from()
    {
        var input = await chain.StandardizedAsync();
        // The whole chain first: each later stage moves the features it was given, the stored shots among them.
        await chain.IndexedAsync();
        var features = StageChainFixture.Moved(input.Features);
        var statusKey = AssetKeys.Status(input.AssetId, PipelineStages.ShotSegment);
        await using (var first = await StageHarness.StartAsync(chain.Work, b => b.AddShotSegmentStage(), x => x.AddShotSegmentConsumers()))
            await first.RunAsync<AssetStandardized, ShotsSegmented>(input with { Features = features });
        var made = (await chain.Store.GetJsonAsync<StageStatus>(statusKey)).At;

        // The same features again: the stored shots are reused (no new status).
        await using (var again = await StageHarness.StartAsync(chain.Work, b => b.AddShotSegmentStage(), x => x.AddShotSegmentConsumers()))
            await again.RunAsync<AssetStandardized, ShotsSegmented>(input with { Features = features });
        Assert.Equal(made, (await chain.Store.GetJsonAsync<StageStatus>(statusKey)).At);

        // The segmentation features named as made by another decode: the shots are made again from them.
        var other = features.With(FeatureNames.SegmentFeatures, features.Require(FeatureNames.SegmentFeatures) with { Fingerprint = "another-decode" });
        await using (var changed = await StageHarness.StartAsync(chain.Work, b => b.AddShotSegmentStage(), x => x.AddShotSegmentConsumers()))
            await changed.RunAsync<AssetStandardized, ShotsSegmented>(input with { Features = other });
        Assert.True((await chain.Store.GetJsonAsync<StageStatus>(statusKey)).At > made, "made again from the other features");
    }

    [Fact]
    public async Task Dedup_reads_the_shots_its_message_names_and_declares_verdicts_and_frame_vectors()
    {
        var e = await chain.DeduplicatedAsync();

        AssertKeeps(e.Features, FeatureNames.Shots, FeatureNames.StdVideo, FeatureNames.Timeline);
        var dedup = e.Features.Require(FeatureNames.Dedup);
        var result = await chain.ReadAsync<DedupResult>(dedup);
        Assert.Equal(e.KeptCount, result.Kept.Count());
        Assert.Equal(result.Fingerprint, dedup.Fingerprint);
        // With the models installed the frame encoder judged, and its vectors are a declared feature with the same fingerprint.
        var frames = e.Features.Require(FeatureNames.FrameVectors);
        // Dedup's own fingerprint adds its text check's (the text models') to the frame vectors'.
        Assert.StartsWith(frames.Fingerprint!, dedup.Fingerprint);
        var set = await chain.ReadAsync<FrameVectorSet>(frames);
        Assert.Equal(frames.Fingerprint, set.Fingerprint);
        Assert.Equal(result.Shots.Count(s => s.DropReason is not ("blank" or "too-short")), set.Shots.Count);
        // With the single frames it judged each shot by, so what it compared reads back without the encoder.
        var rows = await FrameVectorStore.GetAsync(chain.Store, frames, frames.Fingerprint!, CancellationToken.None);
        Assert.Equal(set.Shots.Count, set.FrameCounts?.Count);
        Assert.All(rows.Values, r => Assert.True(r.Frames is { Count: > 0 } f && f.All(v => v.Length == set.Dimension)));
    }

    [Fact]
    public async Task EmbedGpu_reuses_the_frame_vectors_its_message_names_and_declares_embeddings_annotations_and_vision()
    {
        var dedup = await chain.DeduplicatedAsync();
        var e = await chain.EmbeddedAsync();

        AssertKeeps(e.Features, FeatureNames.Shots, FeatureNames.Dedup, FeatureNames.FrameVectors);
        var set = await chain.ReadAsync<EmbeddingSet>(e.Features.Require(FeatureNames.Embeddings));
        Assert.Equal(set.Fingerprint, e.Features.Require(FeatureNames.Embeddings).Fingerprint);
        Assert.Equal(dedup.KeptCount, set.ShotIndices.Count);
        Assert.Contains(Pipeline.Flavours.Frame, e.Flavours);
        // The frame flavour's rows are the very vectors Dedup stored (reused, not recomputed).
        var frames = await chain.ReadAsync<FrameVectorSet>(e.Features.Require(FeatureNames.FrameVectors));
        var means = await chain.Store.GetFloatsAsync(frames.MeanKey);
        var embedded = await chain.Store.GetFloatsAsync(set.Flavours.Single(f => f.Flavour == Pipeline.Flavours.Frame).VectorsKey);
        var d = frames.Dimension;
        for (var row = 0; row < set.ShotIndices.Count; row++)
        {
            var at = frames.Shots.ToList().IndexOf(set.ShotIndices[row]);
            Assert.Equal(means.AsSpan(at * d, d).ToArray(), embedded.AsSpan(row * d, d).ToArray());
        }
        Assert.True(await chain.Store.ExistsAsync(await chain.WhereAsync(e.Features.Require(FeatureNames.Annotations))));
        Assert.True(await chain.Store.ExistsAsync(await chain.WhereAsync(e.Features.Require(FeatureNames.Vision))));
    }

    [Fact]
    public async Task Score_reads_the_embeddings_its_message_names_and_adds_the_matches()
    {
        var e = await chain.ScoredAsync();

        AssertKeeps(e.Features, FeatureNames.Embeddings, FeatureNames.Annotations);
        var matches = e.Features.Require(FeatureNames.Matches);
        var set = await chain.ReadAsync<MatchSet>(matches);
        Assert.Equal(e.Features.Require(FeatureNames.Embeddings).Fingerprint, set.Fingerprint);
        Assert.Equal(set.Fingerprint, matches.Fingerprint);
        Assert.Contains(Pipeline.Flavours.Frame, set.Flavours.Keys);
    }

    [Fact]
    public async Task Index_indexes_what_its_message_names_and_stores_the_asset_manifest()
    {
        var scored = await chain.ScoredAsync();
        var e = await chain.IndexedAsync();

        AssertKeeps(e.Features, scored.Features.Names.ToArray());
        var record = await chain.ReadAsync<IndexedRecord>(e.Features.Require(FeatureNames.Indexed));
        Assert.Equal(e.VectorCount, record.Count);
        Assert.Equal(StageChainFixture.Moved(scored.Features), record.Features);
        // The query side finds the asset's features through this manifest: it names the relocated features.
        var stored = await chain.Store.GetJsonAsync<FeatureManifest>(AssetKeys.Features(e.AssetId));
        Assert.Equal(e.Features, stored);
        Assert.True(StageChainFixture.IsAway(stored.Require(FeatureNames.Matches).Key), stored.Require(FeatureNames.Matches).Key);
    }

    [Fact]
    public async Task A_message_without_a_feature_its_stage_reads_fails_as_bad_input_naming_it()
    {
        await using var h = await StageHarness.StartAsync(chain.Work, b => b.AddScoreStage(), x => x.AddScoreConsumers());

        var failed = await h.FailAsync(new ShotsEmbedded("0123456789abcdef", "no-features", [Pipeline.Flavours.Frame], FeatureManifest.Empty));

        Assert.Equal(PipelineStages.Score, failed.Stage);
        Assert.False(failed.Retriable);
        Assert.Contains("'embeddings'", failed.Reason);
    }

    /// <summary>The event carries every input feature as its message named it (relocated), unchanged.</summary>
    private static void AssertKeeps(FeatureManifest features, params string[] names)
    {
        foreach (var name in names) Assert.True(StageChainFixture.IsAway(features.Require(name).Key), features.Require(name).Key);
    }
}
