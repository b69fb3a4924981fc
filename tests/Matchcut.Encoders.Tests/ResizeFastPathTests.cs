using Matchcut.Encoders.Imaging;
using Matchcut.Encoders.Tests.Reference;

namespace Matchcut.Encoders.Tests;

/// <summary>
/// The bilinear resize feeding ResNet18, DeepLabV3 and YOLOX works out each column's source columns once per call; its
/// pictures must stay byte for byte those of the per-pixel definition in Reference/ (the code as it stood before), or every
/// model vector would move.
/// </summary>
public class ResizeFastPathTests
{
    [Theory]
    [InlineData("testvideo.mp4", 640, 360, 224, 224)]        // ResNet18's input from a std frame
    [InlineData("bbb_0_30.webm", 640, 360, 257, 257)]        // DeepLabV3's
    [InlineData("issue-195-aspect-ratio.mp4", 640, 360, 416, 234)]  // YOLOX's letterbox
    [InlineData("issue-134-rotate.mp4", 202, 360, 224, 224)] // upscaling one way, downscaling the other
    public void Resized_real_frames_are_exactly_the_per_pixel_definition(string name, int width, int height, int toWidth, int toHeight)
    {
        foreach (var index in new[] { 0, 57, 131 })
        {
            var frame = TestFrames.Frame(name, index, width, height);
            Assert.Equal(ReferenceImageOps.Resize(frame, toWidth, toHeight).Pixels, ImageOps.Resize(frame, toWidth, toHeight).Pixels);
        }
    }

    [Theory]
    [InlineData(37, 23, 5, 3)]
    [InlineData(3, 2, 224, 224)]
    [InlineData(1, 1, 7, 9)]
    [InlineData(641, 359, 257, 257)]
    [InlineData(100, 100, 1, 1)]
    public void Resized_noise_and_ramps_of_odd_sizes_are_exactly_the_per_pixel_definition(int width, int height, int toWidth, int toHeight)
    {
        foreach (var frame in TestFrames.Synthetic(width, height, seed: width * 7 + height))
            Assert.Equal(ReferenceImageOps.Resize(frame, toWidth, toHeight).Pixels, ImageOps.Resize(frame, toWidth, toHeight).Pixels);
    }
}
