using Matchcut.Encoders.Models;
using Matchcut.Encoders.Shots;
using Matchcut.Onnx;

namespace Matchcut.Encoders.Tests;

[Collection(ModelsCollection.Name)]
public sealed class FaceAndModelLoadingTests(ModelsFixture fixture)
{
    [Fact]
    public void YuNet_priors_match_the_models_outputs_for_160x120()
    {
        Assert.Equal(1076, YuNetDecoder.PriorCount(160, 120));
        Assert.Equal(1076, fixture.Models.Faces.Session.Outputs.Single(o => o.Name == "iou").Shape[0]);
    }

    [Fact]
    public void YuNet_finds_the_face_of_the_woman_looking_up_and_the_shot_reads_as_medium()
    {
        var frame = TestFrames.Frame("issue-195-aspect-ratio.mp4", 235, 640, 360);

        var faces = fixture.Models.Faces.Run(frame);

        var face = Assert.Single(faces);
        Assert.InRange((face.Box.X1 + face.Box.X2) / 2, 180, 240);
        Assert.InRange((face.Box.Y1 + face.Box.Y2) / 2, 70, 130);
        var (objects, _) = fixture.Models.Detector.Run(frame);
        Assert.Equal(ShotScale.Medium, ShotScale.Classify([new FrameFindings(235, objects, faces)], 640, 360, 0.35f));
    }

    [Fact]
    public void Each_run_is_measured_on_the_onnx_meter_with_its_model()
    {
        var frame = TestFrames.Frame("issue-195-aspect-ratio.mp4", 235, 640, 360);
        var seen = new List<(double Seconds, string? Model)>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == OnnxRuns.MeterName && instrument.Name == OnnxRuns.DurationName) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<double>((_, seconds, tags, _) =>
        {
            foreach (var tag in tags)
                if (tag.Key == OnnxRuns.ModelTag) lock (seen) seen.Add((seconds, tag.Value as string));
        });
        listener.Start();

        fixture.Models.Faces.Run(frame);

        var model = fixture.Models.Faces.Session.ModelName;
        // Other tests may run models at the same time: this run is among the measurements, each with a plausible time.
        lock (seen)
        {
            Assert.Contains(seen, s => s.Model == model);
            Assert.All(seen, s => Assert.InRange(s.Seconds, 1e-6, 60));
        }
    }

    [Fact]
    public void A_model_file_with_other_inputs_fails_at_load_naming_the_file()
    {
        var wrong = new ModelFilesOptions { Segmenter = "yolox_nano_coco.onnx" };

        var e = Assert.Throws<ModelSpecMismatchException>(() => VisionModels.Open(new ModelLocator(), new OnnxOptions(), wrong, 1));

        Assert.Contains("yolox_nano_coco.onnx", e.Message);
        Assert.Contains("sub_7", e.Message);
    }

    [Fact]
    public void A_missing_models_folder_means_no_models_and_says_where_it_looked()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"no-models-{Guid.NewGuid():N}");

        var models = VisionModels.TryOpen(new ModelFilesOptions { Folder = folder }, new OnnxOptions(), 1, out var reason);

        Assert.Null(models);
        Assert.Contains(folder, reason);
    }

    [Fact]
    public void The_person_mask_covers_the_two_women_and_not_the_shelves()
    {
        var frame = TestFrames.Frame("issue-195-aspect-ratio.mp4", 235, 640, 360);

        var (_, mask) = fixture.Models.Segmenter.Run(frame, PersonMask.GridFor(640, 360));

        Assert.Equal((32, 18), (mask!.Width, mask.Height));
        Assert.InRange(mask.Area, 0.08, 0.4);
        Assert.True(mask[10, 9], "a cell on the left woman's torso");
        Assert.True(mask[15, 9], "a cell on the right woman's torso");
        Assert.False(mask[2, 3], "a cell on the shelves at the left");
        Assert.False(mask[30, 3], "a cell on the shelves at the right");
    }
}
