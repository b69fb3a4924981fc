using Matchcut.Encoders.Models;

namespace Matchcut.Encoders.Tests;

[Collection(ModelsCollection.Name)]
public sealed class YoloxDecoderTests(ModelsFixture fixture)
{
    [Fact]
    public void An_anchor_decodes_with_its_grid_cell_and_stride_and_the_letterbox_is_undone()
    {
        var output = new float[YoloxDetector.Anchors * YoloxDetector.Channels];
        // Stride 16 grid starts after the 52x52 stride-8 grid; cell (x 10, y 5) of the 26x26 grid.
        var anchor = 52 * 52 + 5 * 26 + 10;
        Set(output, anchor, 0.5f, 0.5f, MathF.Log(4), MathF.Log(8), objectness: 0.9f, CocoClasses.Person, 0.8f);

        var detections = new YoloxDecoder().Decode(output, ratio: 0.5f, frameWidth: 832, frameHeight: 468);

        var d = Assert.Single(detections);
        Assert.Equal("person", d.Name);
        Assert.Equal(0.72f, d.Score, 3);
        // Input box: centre ((10.5) * 16, (5.5) * 16) = (168, 88), 64 x 128; in the frame, twice that.
        Assert.Equal(272f, d.Box.X1, 2);
        Assert.Equal(48f, d.Box.Y1, 2);
        Assert.Equal(400f, d.Box.X2, 2);
        Assert.Equal(304f, d.Box.Y2, 2);
    }

    [Fact]
    public void Nms_is_per_class_so_overlapping_boxes_of_two_classes_both_stay()
    {
        var output = new float[YoloxDetector.Anchors * YoloxDetector.Channels];
        Set(output, 100, 0.5f, 0.5f, MathF.Log(6), MathF.Log(6), 0.9f, CocoClasses.Person, 0.9f);
        Set(output, 101, 0.4f, 0.5f, MathF.Log(6), MathF.Log(6), 0.9f, CocoClasses.Person, 0.7f);
        Set(output, 102, 0.3f, 0.5f, MathF.Log(6), MathF.Log(6), 0.9f, 16, 0.8f);   // dog, overlapping the people

        var detections = new YoloxDecoder().Decode(output, 1f, 416, 416);

        Assert.Equal(new[] { "person", "dog" }, detections.Select(d => d.Name).ToArray());
    }

    [Fact]
    public void A_frame_of_two_women_gives_two_person_boxes_where_they_stand()
    {
        // issue-195-aspect-ratio.mp4, shot 2: two women side by side at a table, at the standardized 640x360.
        var frame = TestFrames.Frame("issue-195-aspect-ratio.mp4", 235, 640, 360);

        var (detections, feature) = fixture.Models.Detector.Run(frame);

        var people = detections.Where(d => d.Name == "person" && d.Score > 0.6f).OrderBy(d => d.Box.X1).ToList();
        Assert.Equal(2, people.Count);
        Assert.All(people, p => Assert.InRange((p.Box.X1 + p.Box.X2) / 2, 150, 350));
        Assert.All(people, p => Assert.InRange(p.Box.Height, 150, 300));
        Assert.Equal(YoloxDetector.FeatureDimension, feature.Length);
    }

    private static void Set(float[] output, int anchor, float tx, float ty, float tw, float th, float objectness, int classId, float classScore)
    {
        var row = output.AsSpan(anchor * YoloxDetector.Channels, YoloxDetector.Channels);
        row[0] = tx;
        row[1] = ty;
        row[2] = tw;
        row[3] = th;
        row[4] = objectness;
        row[5 + classId] = classScore;
    }
}
