using Matchcut.Encoders.Imaging;
using Matchcut.Encoders.Text;
using Matchcut.Onnx;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Matchcut.Encoders.Tests;

/// <summary>PP-OCRv4 on frames drawn by ffmpeg's drawtext (the models come from `scripts/setup.sh ocr`, in the user models cache).</summary>
public sealed class ScreenTextTests : IDisposable
{
    private readonly ScreenTextModels _models = ScreenTextModels.Open(new ModelLocator(), new OnnxOptions(), new TextOptions());

    [Fact]
    public void Reads_the_words_of_a_drawtext_title_card_where_they_were_drawn()
    {
        var frame = Drawn("color=c=black:s=640x360", TestMedia.DrawText("GET READY", 56, 80, 150));

        var lines = _models.Read(frame);

        var line = Assert.Single(lines);
        Assert.Equal("GET READY", line.Text);
        Assert.True(line.Confidence > 0.9, $"confidence {line.Confidence}");
        // Drawn from (80,150), 56 px type: the box holds the text's extent, a few pixels of margin around it.
        Assert.InRange(line.Box.X1, 60, 90);
        Assert.InRange(line.Box.Y1, 135, 160);
        Assert.InRange(line.Box.X2, 380, 460);
        Assert.InRange(line.Box.Y2, 195, 225);
    }

    [Fact]
    public void Reads_two_lines_over_real_footage_top_to_bottom()
    {
        var frame = Drawn($"movie={TestMedia.File("bbb_0_30.webm").Replace(":", "\\\\:")},select=eq(n\\,430),scale=640:360",
            TestMedia.DrawText("EXIT", 48, 40, 30) + ",drawbox=x=20:y=280:w=600:h=60:color=black@0.7:t=fill," +
            TestMedia.DrawText("Captions burnt in", 36, 40, 290));

        var lines = _models.Read(frame);

        Assert.Equal(["EXIT", "Captions burnt in"], lines.Select(l => l.Text));
        Assert.True(lines[0].Box.Y2 < 100 && lines[1].Box.Y1 > 270, string.Join("; ", lines));
    }

    [Fact]
    public void The_key_file_and_the_recognizer_agree_on_6625_classes()
    {
        Assert.Equal(6625, _models.Recognizer.Classes);
        Assert.Contains("ch_PP-OCRv4_rec_infer.onnx:", _models.Fingerprint);
    }

    [Fact]
    public void A_key_file_that_does_not_fit_the_recognizer_fails_at_load_naming_both_counts()
    {
        var folder = Directory.CreateTempSubdirectory("matchcut-keys-").FullName;
        try
        {
            // Only the key file here, cut to 100 lines; the models come from the folders searched after it.
            var keys = new ModelLocator().Resolve(new TextOptions().Keys);
            File.WriteAllLines(Path.Combine(folder, Path.GetFileName(keys)), File.ReadLines(keys).Take(100));

            var e = Assert.Throws<ModelSpecMismatchException>(() =>
                ScreenTextModels.Open(new ModelLocator(new ModelsOptions { ModelsDirectory = folder }), new OnnxOptions(), new TextOptions()));

            Assert.Contains("ch_PP-OCRv4_rec_infer.onnx", e.Message);
            // Blank + 100 keys + space against the model's 6625 classes.
            Assert.Contains("6625]", e.Message);
            Assert.Contains("expected [?,?,102]", e.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Text_models_required_but_missing_stop_start_up_and_unrequired_they_turn_text_off()
    {
        var missing = new TextOptions { Enabled = true, Recognizer = "no-such-recognizer.onnx" };
        var check = new ScreenTextStartupCheck(Options.Create(missing), Options.Create(new ModelFilesOptions()));

        var e = await Assert.ThrowsAsync<FileNotFoundException>(() => check.StartAsync(CancellationToken.None));

        Assert.Contains("no-such-recognizer.onnx", e.Message);
        Assert.Contains("user cache", e.Message);
        Assert.Contains("scripts/setup.sh ocr", e.Message);
        Assert.Null(Provider(new TextOptions { Recognizer = "no-such-recognizer.onnx" }, new ModelFilesOptions()).Models);
        Assert.Null(Provider(new TextOptions { Enabled = false }, new ModelFilesOptions()).Models);
        // A run without the folder models reads no text either, unless text is asked for by name.
        Assert.Null(Provider(new TextOptions(), new ModelFilesOptions { Enabled = false }).Models);
        using var asked = Provider(new TextOptions { Enabled = true }, new ModelFilesOptions { Enabled = false });
        Assert.NotNull(asked.Models);
    }

    private static ScreenTextProvider Provider(TextOptions text, ModelFilesOptions files) =>
        new(Options.Create(text), Options.Create(files), Options.Create(new OnnxOptions()), Options.Create(new EncodingOptions()), NullLogger<ScreenTextProvider>.Instance);

    // One RGB frame of a lavfi source with a filter chain after it.
    private static RgbFrame Drawn(string source, string filters)
    {
        var raw = Path.Combine(Path.GetTempPath(), $"matchcut-text-{Guid.NewGuid():N}.rgb");
        try
        {
            TestMedia.Ffmpeg("-f", "lavfi", "-i", $"{source},{filters},format=rgb24", "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24", raw);
            return new RgbFrame(File.ReadAllBytes(raw), 640, 360);
        }
        finally
        {
            File.Delete(raw);
        }
    }

    public void Dispose() => _models.Dispose();
}
