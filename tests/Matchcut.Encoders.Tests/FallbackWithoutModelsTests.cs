using MassTransit;
using Matchcut.AllInOne;
using Matchcut.Contracts;
using Matchcut.Pipeline;
using Matchcut.Encoders.Frames;
using Matchcut.ServiceDefaults;
using Matchcut.Reports;
using Matchcut.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Matchcut.Encoders.Tests;

public sealed class FallbackWithoutModelsTests
{
    [Fact]
    public async Task With_the_folder_models_off_the_pipeline_still_makes_neural_ResNet18_frame_vectors_and_says_so()
    {
        var work = Directory.CreateTempSubdirectory("matchcut-no-models-").FullName;
        try
        {
            using var host = HostIn(work, new Dictionary<string, string?>
            {
                ["Ingest:AllowedRoots:0"] = TestMedia.Folder,
                ["Models:Enabled"] = "false",
            });
            await host.StartAsync();
            var source = TestMedia.File("sintel_5s.mp4");
            var outcome = host.Services.GetRequiredService<PipelineTracker>().Expect("no-models", source);
            await host.Services.GetRequiredService<IBus>().Publish(new AssetLanded("no-models", source));
            var landed = await outcome.WaitAsync(TimeSpan.FromMinutes(3));
            Assert.True(landed.Succeeded, landed.Failed?.Reason);

            var store = host.Services.GetRequiredService<IObjectStore>();
            var id = landed.AssetId!;
            var dedup = await store.GetJsonAsync<DedupResult>(DedupFeature.Dedup(id));
            Assert.Equal(ResNetFrameEncoder.Method, dedup.Descriptor);
            var set = await store.GetJsonAsync<EmbeddingSet>(EmbedFeature.Embeddings(id));
            Assert.Equal(new[] { Flavours.Frame, Flavours.Motion, Flavours.Camera }, set.Flavours.Select(f => f.Flavour).ToArray());
            Assert.Equal((ResNetFrameEncoder.Method, ResNetFrameEncoder.Dimension), (set.Flavours[0].Method, set.Flavours[0].Dimension));
            var frames = await store.GetFloatsAsync(set.Flavours[0].VectorsKey);
            Assert.Equal(set.ShotIndices.Count * ResNetFrameEncoder.Dimension, frames.Length);
            Assert.InRange(System.Numerics.Tensors.TensorPrimitives.Norm(frames.AsSpan(0, ResNetFrameEncoder.Dimension)), 0.999f, 1.001f);
            Assert.False(await store.ExistsAsync(EmbedFeature.Vision(id)));

            var result = await host.Services.GetRequiredService<AssetResultBuilder>().BuildAsync(id);
            Assert.DoesNotContain(Flavours.Silhouette, result.Matches.Keys);
            var frame = result.Provenance![Flavours.Frame];
            Assert.Equal(("ResNet18.onnx", 64), (frame.Model, frame.ModelSha256!.Length));
            Assert.Equal(ModelFileHash.Sha256(Path.Combine(AppContext.BaseDirectory, "DnnImageModels", "ResNet18Onnx", "ResNet18.onnx")), frame.ModelSha256);
            Assert.False(result.Provenance.ContainsKey(Flavours.Silhouette));
            Assert.Contains("ResNet18.onnx", ReportWriter.Render(result));
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

    [Fact]
    public async Task A_configured_frame_encoder_whose_model_is_missing_stops_the_host_at_start_up_naming_the_path()
    {
        var work = Directory.CreateTempSubdirectory("matchcut-missing-resnet-").FullName;
        try
        {
            var missing = Path.Combine(work, "models", "ResNet18.onnx");
            using var host = HostIn(work, new Dictionary<string, string?>
            {
                ["Models:ResNet18"] = missing,
            });
            var error = await Assert.ThrowsAsync<FileNotFoundException>(() => host.StartAsync());
            Assert.Contains(missing, error.Message);
            Assert.Contains("Models:ResNet18", error.Message);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Fact]
    public async Task A_models_folder_that_is_not_there_stops_the_host_at_start_up_naming_the_path()
    {
        var work = Directory.CreateTempSubdirectory("matchcut-missing-models-").FullName;
        try
        {
            var missing = Path.Combine(work, "no-models-here");
            using var host = HostIn(work, new Dictionary<string, string?>
            {
                ["Models:Folder"] = missing,
            });
            var error = await Assert.ThrowsAsync<DirectoryNotFoundException>(() => host.StartAsync());
            Assert.Contains(missing, error.Message);
            Assert.Contains("Models:Enabled=false", error.Message);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Fact]
    public async Task A_models_folder_without_a_configured_model_file_stops_the_host_at_start_up_naming_the_file()
    {
        var work = Directory.CreateTempSubdirectory("matchcut-missing-model-file-").FullName;
        try
        {
            var folder = Directory.CreateDirectory(Path.Combine(work, "models")).FullName;
            using var host = HostIn(work, new Dictionary<string, string?>
            {
                ["Models:Folder"] = folder,
            });
            var error = await Assert.ThrowsAsync<FileNotFoundException>(() => host.StartAsync());
            Assert.Contains(folder, error.Message);
            Assert.Contains("deeplabv3_mnv2_voc_gap160.onnx", error.Message);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Fact]
    public async Task The_classical_frame_descriptor_runs_only_when_chosen_and_results_say_so()
    {
        var work = Directory.CreateTempSubdirectory("matchcut-classical-").FullName;
        try
        {
            using var host = HostIn(work, new Dictionary<string, string?>
            {
                ["Ingest:AllowedRoots:0"] = TestMedia.Folder,
                ["Models:Enabled"] = "false",
                ["Embedding:FrameEncoder"] = "classical",
            });
            await host.StartAsync();
            var source = TestMedia.File("sintel_5s.mp4");
            var outcome = host.Services.GetRequiredService<PipelineTracker>().Expect("classical", source);
            await host.Services.GetRequiredService<IBus>().Publish(new AssetLanded("classical", source));
            var landed = await outcome.WaitAsync(TimeSpan.FromMinutes(3));
            Assert.True(landed.Succeeded, landed.Failed?.Reason);

            var store = host.Services.GetRequiredService<IObjectStore>();
            Assert.Equal("colour-layout", (await store.GetJsonAsync<DedupResult>(DedupFeature.Dedup(landed.AssetId!))).Descriptor);
            var result = await host.Services.GetRequiredService<AssetResultBuilder>().BuildAsync(landed.AssetId!);
            Assert.Equal(new ModelProvenance(FrameEncoderProvider.ClassicalMethod, null, null), result.Provenance![Flavours.Frame]);
            await host.StopAsync();
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    // The all-in-one host with its store and scratch under the test's folder, plus the settings the test is about.
    private static Microsoft.Extensions.Hosting.IHost HostIn(string work, Dictionary<string, string?> settings)
    {
        settings["Storage:Root"] = Path.Combine(work, "store");
        settings["Media:ScratchFolder"] = Path.Combine(work, "scratch");
        return AllInOneHost.Build(settings);
    }
}
