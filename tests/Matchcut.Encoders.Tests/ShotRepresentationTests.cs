using System.Text.Json;
using Matchcut.Pipeline;
using Matchcut.Reports;
using Matchcut.Storage;

namespace Matchcut.Encoders.Tests;

/// <summary>issue-195-aspect-ratio.mp4 through the whole pipeline: hard cuts 70, 170, 301, 421, 484.</summary>
[Collection(EncodedPipelineCollection.Name)]
public sealed class ShotRepresentationTests(EncodedPipelineFixture pipeline)
{
    private const string Film = "issue-195-aspect-ratio.mp4";
    // Shot 0 and shot 5: close-ups of hands holding a small object. Shot 1: a broken glass jar on foil.
    // Shot 2: two women at a table of finds, shelves of boxes behind them.
    private const int HandsFrame = 35, HandsAgainFrame = 555, JarFrame = 120, TwoWomenFrame = 235;

    [Fact]
    public async Task The_two_close_ups_of_hands_rank_among_the_top_three_frame_matches()
    {
        var result = await pipeline.ResultAsync(TestMedia.File(Film));
        var (hands, handsAgain) = (ShotAt(result, HandsFrame), ShotAt(result, HandsAgainFrame));

        var frame = result.Matches[Flavours.Frame];
        // Frame pairs are directed (end of A to start of B): either direction counts.
        var rank = frame.ToList().FindIndex(p => (p.A, p.B) == (hands.Index, handsAgain.Index) || (p.A, p.B) == (handsAgain.Index, hands.Index));

        Assert.InRange(rank, 0, 2);
    }

    [Fact]
    public async Task Person_is_tagged_on_the_two_women_and_not_on_the_jar()
    {
        var result = await pipeline.ResultAsync(TestMedia.File(Film));
        var (women, jar) = (ShotAt(result, TwoWomenFrame), ShotAt(result, JarFrame));

        // Tags in result.json are the classes at or above their threshold, each with its best confidence in the shot.
        Assert.True(women.Tags!.TryGetValue("person", out var confidence), $"tags of the two women: {string.Join(", ", women.Tags!.Keys)}");
        Assert.InRange(confidence, new Matchcut.Pipeline.TagsOptions().For("person"), 1.0);
        Assert.Equal("person", women.Tags!.MaxBy(t => t.Value).Key);
        Assert.DoesNotContain("person", jar.Tags!.Keys);
        Assert.All(result.Shots.Where(s => s.Kept), s => Assert.Contains(s.Scale, new[] { "close-up", "medium", "wide" }));
    }

    [Fact]
    public async Task The_two_women_get_a_silhouette_and_the_jar_none()
    {
        var result = await pipeline.ResultAsync(TestMedia.File(Film));

        var silhouette = ShotAt(result, TwoWomenFrame).Silhouette;
        Assert.NotNull(silhouette);
        Assert.Equal((32, 18), (silhouette.Width, silhouette.Height));
        Assert.InRange(silhouette.Area, 0.05, 0.5);
        Assert.Null(ShotAt(result, JarFrame).Silhouette);
        Assert.All(result.Matches[Flavours.Silhouette], p => Assert.InRange(p.Score, 0.0, 1.0));
    }

    [Fact]
    public async Task Silhouette_vectors_are_the_pooled_masks_and_a_shot_without_a_mask_is_named_absent_with_a_zero_row()
    {
        var assetId = await pipeline.AssetAsync(TestMedia.File(Film));
        var result = await pipeline.ResultAsync(TestMedia.File(Film));
        var store = pipeline.Get<IObjectStore>();

        var set = await store.GetJsonAsync<EmbeddingSet>(EmbedFeature.Embeddings(assetId));
        var silhouettes = set.Flavours.Single(f => f.Flavour == Flavours.Silhouette);
        var rows = await store.GetFloatsAsync(silhouettes.VectorsKey);
        var annotations = await store.GetJsonAsync<ShotAnnotationSet>(set.AnnotationsKey!);

        Assert.Equal((SilhouetteVector.Dimension, SilhouetteVector.Method), (silhouettes.Dimension, silhouettes.Method));
        Assert.Equal(set.ShotIndices.Count * SilhouetteVector.Dimension, rows.Length);
        for (var row = 0; row < set.ShotIndices.Count; row++)
        {
            var shot = set.ShotIndices[row];
            var vector = rows.AsSpan(row * SilhouetteVector.Dimension, SilhouetteVector.Dimension).ToArray();
            if (annotations.Shots.Single(a => a.Shot == shot).Silhouette is { } mask)
            {
                Assert.DoesNotContain(shot, silhouettes.Absent!);
                Assert.Equal(SilhouetteVector.Of(mask), vector);
            }
            else
            {
                Assert.Contains(shot, silhouettes.Absent!);
                Assert.All(vector, c => Assert.Equal(0f, c));
            }
        }
        Assert.Contains(ShotAt(result, JarFrame).Index, silhouettes.Absent!);
        Assert.DoesNotContain(ShotAt(result, TwoWomenFrame).Index, silhouettes.Absent!);
    }

    [Fact]
    public async Task Result_json_and_the_report_carry_tags_scale_every_flavour_masks_and_arrows()
    {
        var assetId = await pipeline.AssetAsync(TestMedia.File(Film));

        var folder = await pipeline.Get<ResultExporter>().ExportAsync(assetId, Path.Combine(pipeline.WorkFolder, "out"));

        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "result.json")));
        var matches = json.RootElement.GetProperty("matches");
        foreach (var flavour in new[] { "frame", "silhouette", "motion", "camera" })
            Assert.True(matches.TryGetProperty(flavour, out _), $"matches.{flavour}");
        var kept = json.RootElement.GetProperty("shots").EnumerateArray().Where(s => s.GetProperty("kept").GetBoolean()).ToList();
        Assert.All(kept, s => Assert.Equal(JsonValueKind.Object, s.GetProperty("tags").ValueKind));
        Assert.All(kept, s => Assert.Equal(JsonValueKind.String, s.GetProperty("scale").ValueKind));
        var html = await File.ReadAllTextAsync(Path.Combine(folder, "report.html"));
        Assert.Contains("Top silhouette matches", html);
        Assert.Contains("<path fill=\"rgba(255,40,120,.45)\"", html);
        Assert.Contains("marker-end=\"url(#ah)\"", html);
    }

    private static ShotSummary ShotAt(AssetResult result, int frame) =>
        result.Shots.Single(s => s.StartFrame <= frame && frame <= s.EndFrame);
}
