using System.Diagnostics;
using System.Net;

namespace Matchcut.Desk.Tests;

/// <summary>
/// The first run of a user who has never seen ../shared: the built program copied outside the repository, an empty
/// home, no models anywhere. It must say in one line what it looked for and how to get the models, and after
/// `matchcut models` (here from a loopback server laid out like the models folder) run the whole pipeline.
/// </summary>
public sealed class FirstRunTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("matchcut-first-run-").FullName;
    private string App => Path.Combine(_work, "app");
    private string Home => Path.Combine(_work, "home");
    private string? _models;
    private string Cache => Path.Combine(Home, ".cache", "matchcut", "models");

    public FirstRunTests()
    {
        // Hard links: the program's 300 MB appear outside the checkout at no cost, so no shared/models lies above it.
        using var cp = Process.Start("cp", ["-al", AppContext.BaseDirectory, App])!;
        cp.WaitForExit();
        Assert.Equal(0, cp.ExitCode);
        Directory.CreateDirectory(Home);
    }

    [Fact]
    public void Without_models_run_says_in_one_line_where_it_looked_and_after_matchcut_models_a_full_run_works()
    {
        var clip = Path.Combine(_work, "clip.mp4");
        TestMedia.Ffmpeg("-i", TestMedia.File("testvideo.mp4"), "-an", "-vf", "trim=start_frame=20:end_frame=80,setpts=PTS-STARTPTS",
            "-c:v", "libx264", "-preset", "veryfast", clip);
        string[] run = ["run", clip, "--out", Path.Combine(_work, "out"), "--store", Path.Combine(_work, "store"), "--plain"];

        var (code, output, error) = Matchcut(run);
        Assert.True(code == 78, $"exit {code}\n{output}\n{error}");
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(Cache, line);
        Assert.Contains("yolox_nano_coco_dark5.onnx", line);
        Assert.Contains("make models", line);
        Assert.Contains("--no-models", line);
        Assert.DoesNotContain("shared/models", line);

        using var mirror = new FolderServer(ModelsFolder());
        (code, output, error) = Matchcut("models", "--from", mirror.Url);
        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        foreach (var f in new[] { "deeplabv3_mnv2_voc_gap160.onnx", "yolox_nano_coco_dark5.onnx", "yunet_face_120x160.onnx" })
            Assert.True(File.Exists(Path.Combine(Cache, f)), f);
        Assert.Contains("derived from yolox_nano_coco.onnx", output);

        (code, output, error) = Matchcut(run);
        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        var result = Directory.GetFiles(Path.Combine(_work, "out"), "result.json", SearchOption.AllDirectories);
        Assert.Single(result);
        Assert.Contains("yolox_nano_coco_dark5.onnx", File.ReadAllText(result[0]));
    }

    [Fact]
    public void A_model_whose_bytes_are_not_the_pinned_ones_is_refused_and_not_kept()
    {
        var tampered = Directory.CreateDirectory(Path.Combine(_work, "tampered")).FullName;
        foreach (var f in Directory.GetFiles(ModelsFolder(), "*.onnx")) File.Copy(f, Path.Combine(tampered, Path.GetFileName(f)));
        using (var s = File.OpenWrite(Path.Combine(tampered, "yolox_nano_coco.onnx"))) { s.Position = 1000; s.WriteByte(0x42); }
        using var mirror = new FolderServer(tampered);

        var (code, output, error) = Matchcut("models", "--from", mirror.Url);

        Assert.True(code == 1, $"exit {code}\n{output}\n{error}");
        Assert.Contains("Checksum mismatch for yolox_nano_coco.onnx", error);
        Assert.DoesNotContain("   at ", error);
        Assert.False(File.Exists(Path.Combine(Cache, "yolox_nano_coco.onnx")));
        Assert.Empty(Directory.GetFiles(Cache, "*.part"));
    }

    [Fact]
    public void A_store_that_cannot_be_created_exits_73_in_one_line_instead_of_hanging()
    {
        var file = Path.Combine(_work, "a-file");
        File.WriteAllText(file, "not a folder");
        var (code, output, error) = Matchcut("run", TestMedia.File("delayed_start.mp4"), "--store", Path.Combine(file, "store"), "--out", Path.Combine(_work, "out"));
        Assert.True(code == 73, $"exit {code}\n{output}\n{error}");
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("cannot write the store folder", line);

        (code, output, error) = Matchcut("serve", "--store", Path.Combine(file, "store"));
        Assert.True(code == 73, $"exit {code}\n{output}\n{error}");
    }

    [Fact]
    public void Serve_without_models_exits_78_and_on_a_busy_port_69_each_in_one_line()
    {
        var port = TestPorts.Free();
        using var busy = new System.Net.Sockets.TcpListener(IPAddress.Loopback, port);
        busy.Start();
        var (code, output, error) = Matchcut("serve", "--store", Path.Combine(_work, "store"), "--urls", $"http://127.0.0.1:{port}");
        Assert.True(code == 78, $"without models first: exit {code}\n{output}\n{error}");
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        _models = ModelsFolder();
        (code, output, error) = Matchcut("serve", "--store", Path.Combine(_work, "store"), "--urls", $"http://127.0.0.1:{port}");
        Assert.True(code == 69, $"exit {code}\n{output}\n{error}");
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("address already in use", line);
    }

    private static string ModelsFolder() => Path.Combine(Path.GetDirectoryName(TestMedia.Folder)!, "models");

    private (int Code, string Output, string Error) Matchcut(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = _work };
        info.ArgumentList.Add(Path.Combine(App, "matchcut.dll"));
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["HOME"] = Home;
        info.Environment.Remove("XDG_CACHE_HOME");
        if (_models is null) info.Environment.Remove("MATCHCUT_MODELS");
        else info.Environment["MATCHCUT_MODELS"] = _models;
        info.Environment.Remove("MATCHCUT_MODELS_URL");
        using var p = Process.Start(info)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(5))) p.Kill(entireProcessTree: true);
        p.WaitForExit();
        return (p.ExitCode, output.Result, error.Result);
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);

    /// <summary>Serves a folder's files by name over loopback HTTP, as a mirror of the published models would.</summary>
    private sealed class FolderServer : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly string _folder;

        public FolderServer(string folder)
        {
            _folder = folder;
            Url = $"http://127.0.0.1:{TestPorts.Free()}/";
            _listener.Prefixes.Add(Url);
            _listener.Start();
            _ = Task.Run(ServeAsync);
        }

        public string Url { get; }

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await _listener.GetContextAsync(); }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { return; }
                var path = Path.Combine(_folder, Path.GetFileName(context.Request.Url!.AbsolutePath));
                if (File.Exists(path))
                {
                    var bytes = await File.ReadAllBytesAsync(path);
                    context.Response.ContentLength64 = bytes.Length;
                    await context.Response.OutputStream.WriteAsync(bytes);
                }
                else context.Response.StatusCode = 404;
                context.Response.Close();
            }
        }

        public void Dispose() => _listener.Close();
    }
}
