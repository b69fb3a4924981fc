using System.Diagnostics;
using System.Text.Json;

namespace Matchcut.Desk.Tests;

/// <summary>The `matchcut` command as a user runs it (the built program in its own process, output to a pipe): exit codes, plain progress, outputs.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("matchcut-cli-").FullName;

    [Theory]
    [InlineData(64, "run")]                                      // no input
    [InlineData(64, "run", "a.mp4", "--export", "aaf")]          // unknown format
    [InlineData(64, "run", "a.mp4", "--frobnicate")]             // unknown option
    [InlineData(64, "launch")]                                   // unknown command
    [InlineData(64)]                                             // no command
    [InlineData(0, "--help")]
    [InlineData(0, "run", "--help")]
    [InlineData(0, "serve", "--help")]
    public void Arguments_decide_the_exit_code(int expected, params string[] args)
    {
        var (code, output, error) = Matchcut(args);
        Assert.True(expected == code, $"exit {code}\n{output}\n{error}");
        if (expected == 64) Assert.Contains("--help", error);
        if (expected == 0) Assert.Contains("Usage:", output);
    }

    [Fact]
    public void A_missing_file_exits_66_and_names_it()
    {
        var missing = Path.Combine(_work, "not-there.mp4");
        var (code, _, error) = Matchcut("run", missing, "--out", Path.Combine(_work, "out"), "--store", Path.Combine(_work, "store"));
        Assert.Equal(66, code);
        Assert.Contains(missing, error);
        Assert.False(Directory.Exists(Path.Combine(_work, "out")));
    }

    [Fact]
    public void A_folder_without_videos_exits_66()
    {
        var empty = Directory.CreateDirectory(Path.Combine(_work, "empty")).FullName;
        File.WriteAllText(Path.Combine(empty, "notes.txt"), "no video here");
        var (code, _, error) = Matchcut("run", empty, "--store", Path.Combine(_work, "store"));
        Assert.Equal(66, code);
        Assert.Contains("holds no video", error);
    }

    [Fact]
    public void Title_names_a_single_input_only()
    {
        var a = Path.Combine(_work, "a.mp4");
        var b = Path.Combine(_work, "b.mp4");
        File.Copy(TestMedia.File("delayed_start.mp4"), a);
        File.Copy(TestMedia.File("delayed_start.mp4"), b);
        var (code, _, error) = Matchcut("run", a, b, "--title", "x");
        Assert.Equal(64, code);
        Assert.Contains("--title", error);
    }

    [Fact]
    public void A_folder_of_two_titles_runs_each_and_matches_across_them_with_plain_progress_and_exports()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_work, "films")).FullName;
        // Two real clips with cuts: issue-195 frames 0-199 (cuts at 70 and 170) and Big Buck Bunny frames 250-419 (cuts at 33 and 126).
        TestMedia.Ffmpeg("-i", TestMedia.File("issue-195-aspect-ratio.mp4"), "-an", "-vf", "trim=end_frame=200,setpts=PTS-STARTPTS",
            "-c:v", "libx264", "-preset", "veryfast", "-crf", "20", Path.Combine(folder, "hands.mp4"));
        TestMedia.Ffmpeg("-i", TestMedia.File("bbb_0_30.webm"), "-an", "-vf", "trim=start_frame=250:end_frame=420,setpts=PTS-STARTPTS,format=yuv420p",
            "-c:v", "libx264", "-preset", "veryfast", "-crf", "20", Path.Combine(folder, "bunny.mp4"));
        var outFolder = Path.Combine(_work, "out");

        var (code, output, error) = Matchcut("run", folder, "--out", outFolder, "--store", Path.Combine(_work, "store"), "--export", "edl,otio", "--export", "fcpxml", "--k", "5");

        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        // Not a terminal: plain lines, with progress inside the long stages and a summary table.
        Assert.DoesNotContain("\u001b[", output);
        Assert.Matches(@"hands +standardize +\d+/200 frames \(\d+%\), [\d.]+ frames/s, \d+ s left", output);
        Assert.Matches(@"bunny +standardize +\d+/170 frames", output);
        // ShotSegment reads the features the standardize pass stored: it decodes no source frames, so it only reports done.
        Assert.Matches(@"(?m)^\[ *[\d.]+s\] bunny +segment ", output);
        Assert.Matches(@"(?m)^title +asset +shots +kept +beats", output);
        Assert.Matches(@"(?m)^hands +[0-9a-f]{16} .* ok$", output);

        var titles = new[] { "bunny", "hands" };
        var results = new Dictionary<string, JsonElement>();
        foreach (var line in output.Split('\n').Where(l => l.StartsWith("bunny ") || l.StartsWith("hands ")).Where(l => l.TrimEnd().EndsWith(" ok")))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var assetFolder = Path.Combine(outFolder, parts[1]);
            results[parts[0]] = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(assetFolder, "result.json"))).RootElement.Clone();
            Assert.True(File.Exists(Path.Combine(assetFolder, "report.html")));
            foreach (var f in new[] { "shots.edl", "shots.otio", "shots.fcpxml", "pairs-frame.edl" }) Assert.True(File.Exists(Path.Combine(assetFolder, f)), f);
            // The title's shots as an EDL: each kept shot, frame-exact against result.json (25 and 24 fps, no start timecode).
            var fps = (int)Math.Round(results[parts[0]].GetProperty("asset").GetProperty("fps").GetDouble());
            var (_, events) = CutListReaders.Edl(File.ReadAllText(Path.Combine(assetFolder, "shots.edl")), fps);
            var kept = results[parts[0]].GetProperty("shots").EnumerateArray().Where(s => s.GetProperty("kept").GetBoolean())
                .Select(s => ((long)s.GetProperty("startFrame").GetInt32(), (long)s.GetProperty("endFrame").GetInt32() + 1)).ToList();
            Assert.Equal(kept, events.Select(e => (e.In, e.Out)).ToList());
            Assert.True(results[parts[0]].GetProperty("beats").GetArrayLength() >= 1);
        }
        Assert.Equal(titles, results.Keys.Order().ToArray());

        var matches = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(outFolder, "matches.json"))).RootElement;
        Assert.Equal(titles, matches.GetProperty("titles").EnumerateArray().Select(t => t.GetProperty("titleId").GetString()!).Order().ToArray());
        var frame = matches.GetProperty("flavours").GetProperty("frame").GetProperty("pairs").EnumerateArray().ToList();
        Assert.InRange(frame.Count, 1, 5);
        foreach (var p in frame)
        {
            Assert.NotEqual(p.GetProperty("a").GetProperty("titleId").GetString(), p.GetProperty("b").GetProperty("titleId").GetString());
            Assert.NotEqual(p.GetProperty("a").GetProperty("assetId").GetString(), p.GetProperty("b").GetProperty("assetId").GetString());
        }
        var report = File.ReadAllText(Path.Combine(outFolder, "report.html"));
        Assert.Contains("Match cuts across titles", report);
        // The timeline runs at the first title's rate (bunny, 24 fps); hands' source timecodes stay at its own 25 fps.
        var (_, cross) = CutListReaders.Edl(File.ReadAllText(Path.Combine(outFolder, "matches-frame.edl")), 24, new Dictionary<string, int> { ["hands.mp4"] = 25 });
        Assert.Equal(2 * frame.Count, cross.Count);
    }

    [Theory]
    [InlineData("Embedding__MotionMaxFrames", "1", "Embedding:MotionMaxFrames")]
    [InlineData("Embedding__MotionRunFrames", "0", "Embedding:MotionRunFrames")]
    [InlineData("Tags__MinConfidence", "5", "Tags:")]
    public void A_setting_out_of_range_stops_run_in_one_line_naming_it_and_no_stack_trace(string key, string value, string named)
    {
        var (code, output, error) = MatchcutProcess.Run(new Dictionary<string, string> { [key] = value },
            "run", TestMedia.File("delayed_start.mp4"), "--store", Path.Combine(_work, "store"), "--out", Path.Combine(_work, "out"));

        Assert.True(code != 0, $"exit {code}\n{output}\n{error}");
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(named, line);
        Assert.DoesNotContain("   at ", output + error);
        Assert.DoesNotContain("Exception", output + error);
    }

    [Fact]
    public void A_model_file_that_does_not_load_stops_run_at_start_up_in_one_line_naming_it()
    {
        // The files are all there (the start-up check for missing ones passes), but one is cut short, as an interrupted copy leaves it.
        var models = Path.Combine(_work, "models");
        Directory.CreateDirectory(models);
        foreach (var f in Directory.GetFiles(Path.Combine(Path.GetDirectoryName(TestMedia.Folder)!, "models"), "*.onnx"))
            File.Copy(f, Path.Combine(models, Path.GetFileName(f)));
        var broken = Path.Combine(models, "deeplabv3_mnv2_voc_gap160.onnx");
        File.WriteAllBytes(broken, File.ReadAllBytes(broken)[..1000]);

        var (code, output, error) = MatchcutProcess.Run(new Dictionary<string, string> { ["MATCHCUT_MODELS"] = models },
            "run", TestMedia.File("delayed_start.mp4"), "--store", Path.Combine(_work, "store"), "--out", Path.Combine(_work, "out"));

        Assert.True(code != 0, $"exit {code}\n{output}\n{error}");
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("deeplabv3_mnv2_voc_gap160.onnx", line);
        Assert.DoesNotContain("   at ", output + error);
        Assert.DoesNotContain("landing", output); // nothing was started on
    }

    private static (int Code, string Output, string Error) Matchcut(params string[] args) => MatchcutProcess.Run(args);

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
