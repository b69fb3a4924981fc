using MassTransit;
using Matchcut.AllInOne;
using Matchcut.Contracts;
using Matchcut.Hosting;
using Matchcut.Hosting.Documents;
using Matchcut.Hosting.Results;
using Matchcut.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Matchcut.Encoders.Tests;

public sealed class FallbackWithoutModelsTests
{
    [Fact]
    public async Task Without_a_models_folder_the_pipeline_runs_on_classical_frames_and_flow_and_leaves_model_flavours_out()
    {
        var work = Directory.CreateTempSubdirectory("matchcut-no-models-").FullName;
        try
        {
            using var host = AllInOneHost.Build(new Dictionary<string, string?>
            {
                ["Storage:Root"] = Path.Combine(work, "store"),
                ["Media:ScratchFolder"] = Path.Combine(work, "scratch"),
                ["Ingest:AllowedRoots:0"] = TestMedia.Folder,
                ["Models:Folder"] = Path.Combine(work, "no-models-here"),
            });
            await host.StartAsync();
            var source = TestMedia.File("sintel_5s.mp4");
            var outcome = host.Services.GetRequiredService<PipelineTracker>().Expect("no-models", source);
            await host.Services.GetRequiredService<IBus>().Publish(new AssetLanded("no-models", source));
            var landed = await outcome.WaitAsync(TimeSpan.FromMinutes(3));
            Assert.True(landed.Succeeded, landed.Failed?.Reason);

            var store = host.Services.GetRequiredService<IObjectStore>();
            var id = landed.AssetId!;
            Assert.Equal("colour-layout", (await store.GetJsonAsync<DedupResult>(AssetKeys.Dedup(id))).Descriptor);
            var set = await store.GetJsonAsync<EmbeddingSet>(AssetKeys.Embeddings(id));
            Assert.Equal(new[] { Flavours.Frame, Flavours.Motion, Flavours.Camera }, set.Flavours.Select(f => f.Flavour).ToArray());
            Assert.Equal("composition-v1", set.Flavours[0].Method);
            Assert.False(await store.ExistsAsync(AssetKeys.Vision(id)));
            var result = await host.Services.GetRequiredService<AssetResultBuilder>().BuildAsync(id);
            Assert.DoesNotContain(Flavours.Silhouette, result.Matches.Keys);
            Assert.All(result.Shots.Where(s => s.Kept), s =>
            {
                Assert.Empty(s.Tags!);
                Assert.Null(s.Scale);
                Assert.NotNull(s.Motion);
            });
            await host.StopAsync();
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
