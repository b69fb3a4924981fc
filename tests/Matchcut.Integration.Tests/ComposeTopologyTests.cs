using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Matchcut.Integration.Tests;

/// <summary>
/// docker-compose.yml run as processes: RabbitMQ (scripts/rabbitmq.sh) and s3rver (scripts/s3rver.sh, standing in for
/// MinIO) start, the bucket is made as minio-init makes it, and every matchcut service compose builds starts from
/// the solution build with exactly the environment compose gives it: its `environment` over the image's ENV,
/// variables interpolated as from a .env, each compose host name and port mapped to a loopback port, each volume or
/// tmpfs path to a folder here. The one override is <see cref="Overrides"/>. Two titles land through the gateway
/// with an API key, and matches, similar shots across the titles, a keyframe and a clip come back through it, also
/// after the Index service restarts.
/// </summary>
public sealed class ComposeTopologyTests : IAsyncLifetime
{
    /// <summary>
    /// The one departure from compose: it runs Qdrant and sets Vectors__Kind=Qdrant; no Qdrant server exists here,
    /// so the Index service keeps its vectors in process (and refills them from the store when it restarts).
    /// </summary>
    private static readonly IReadOnlyDictionary<string, string> Overrides = new Dictionary<string, string> { ["Vectors__Kind"] = "InProcess" };

    /// <summary>Compose's COMPOSE_PROFILES choice between the two embed services: no GPU here, so the CPU one.</summary>
    private const string Profile = "cpu";

    private const string ApiKey = "compose-topology-key";
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(6);

    private readonly string _root = TestProcesses.FindRoot();
    private readonly string _work = Directory.CreateTempSubdirectory("matchcut-compose-").FullName;
    private readonly int _rabbitPort = TestProcesses.FreePort();
    private readonly int _s3Port = TestProcesses.FreePort();
    private readonly Dictionary<string, ComposeService> _services = [];
    private readonly Dictionary<string, Process> _running = [];
    private Dictionary<string, string> _variables = [];

    private sealed record ComposeService(string Name, string Project, string Dockerfile, Dictionary<object, object?> Node, int Port);

    private string RabbitFolder => Path.Combine(_work, "rabbitmq");
    private string S3Folder => Path.Combine(_work, "s3");

    public async Task InitializeAsync()
    {
        var compose = LoadCompose(Path.Combine(_root, "docker-compose.yml"));
        var gatewayPort = TestProcesses.FreePort();
        // What a .env would give compose: the broker's and s3rver's own credentials, the API key's hash, the mounts.
        _variables = new Dictionary<string, string>
        {
            ["RABBITMQ_USER"] = "guest", ["RABBITMQ_PASSWORD"] = "guest",
            ["MINIO_ROOT_USER"] = "S3RVER", ["MINIO_ROOT_PASSWORD"] = "S3RVER", ["S3_BUCKET"] = "matchcut",
            ["QDRANT_API_KEY"] = "no-qdrant-here",
            ["GATEWAY_API_KEY_HASH"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ApiKey))),
            ["GATEWAY_PORT"] = gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["MEDIA_DIR"] = TestMedia.Folder, ["MODELS_DIR"] = ModelsFolder(),
            ["COMPOSE_PROFILES"] = Profile,
        };
        foreach (var (name, node) in Map(compose, "services").Select(e => ((string)e.Key, e.Value as Dictionary<object, object?> ?? [])))
        {
            if (Map(node, "build") is not { Count: > 0 } build) continue;
            var profiles = List(node, "profiles").Cast<string>().ToList();
            if (profiles.Count > 0 && !profiles.Contains(Profile)) continue;
            var args = Map(build, "args");
            var port = Regex.Match(string.Join(' ', List(node, "ports").Cast<string>()), @"^(.+):8080$") is { Success: true } published
                ? int.Parse(Interpolate(published.Groups[1].Value), System.Globalization.CultureInfo.InvariantCulture) : TestProcesses.FreePort();
            _services[name] = new ComposeService(name, (string)args["PROJECT"]!, (string)build["dockerfile"]!, node, port);
        }
        Assert.Contains("gateway", _services.Keys);

        await TestProcesses.ScriptAsync(_root, "rabbitmq.sh", $"start {_rabbitPort}", ("RABBITMQ_TEST_DIR", RabbitFolder));
        await TestProcesses.ScriptAsync(_root, "s3rver.sh", $"start {_s3Port}", ("S3RVER_DATA_DIR", S3Folder));
        // minio-init's job: the bucket exists before the services start (they do not create it).
        using (var s3 = new AmazonS3Client(new BasicAWSCredentials("S3RVER", "S3RVER"), new AmazonS3Config { ServiceURL = $"http://127.0.0.1:{_s3Port}", ForcePathStyle = true }))
            await s3.PutBucketAsync(new PutBucketRequest { BucketName = _variables["S3_BUCKET"] });

        // Start in depends_on order: a service once the matchcut services it waits for are healthy.
        var healthy = new HashSet<string>();
        while (healthy.Count < _services.Count)
        {
            var ready = _services.Values.Where(s => !healthy.Contains(s.Name) && DependsOn(s).All(healthy.Contains)).ToList();
            Assert.NotEmpty(ready);
            foreach (var s in ready) Start(s);
            await Task.WhenAll(ready.Select(WaitHealthyAsync));
            healthy.UnionWith(ready.Select(s => s.Name));
        }
    }

    [Fact]
    public async Task Two_titles_landed_through_the_gateway_give_matches_similar_shots_keyframes_and_clips()
    {
        using var api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_services["gateway"].Port}"), Timeout = TimeSpan.FromMinutes(1) };
        api.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        using (var anonymous = new HttpClient())
        using (var keyless = await anonymous.GetAsync(new Uri(api.BaseAddress!, "/api/v1/titles")))
            Assert.Equal(HttpStatusCode.Unauthorized, keyless.StatusCode);

        // Sources by the path compose mounts them at (/media), as the Ingest service resolves it.
        var titles = new[] { ("leaves", "testvideo.mp4"), ("goldeneye", "goldeneye-vfr-drop3.mp4") };
        var landings = new List<Uri>();
        foreach (var (title, file) in titles)
        {
            using var landed = await api.PostAsJsonAsync("/api/v1/assets", new { titleId = title, sourceUri = HostPath("ingest", $"/media/{file}") });
            Assert.Equal(HttpStatusCode.Accepted, landed.StatusCode);
            landings.Add(landed.Headers.Location!);
        }
        foreach (var landing in landings) await WaitCompletedAsync(api, landing);

        var matches = await api.GetFromJsonAsync<JsonElement>("/api/v1/titles/leaves/matches?flavour=frame&k=5");
        var pairs = matches.GetProperty("pairs").EnumerateArray().ToList();
        Assert.NotEmpty(pairs);
        var shot = pairs[0].GetProperty("a");
        await AssertSimilarAcrossTitlesAsync(api, shot.GetProperty("shotId").GetString()!);

        var links = shot.GetProperty("links");
        using var keyframe = await api.GetAsync(links.GetProperty("keyframe").GetString());
        Assert.Equal(HttpStatusCode.OK, keyframe.StatusCode);
        Assert.Equal("image/jpeg", keyframe.Content.Headers.ContentType?.MediaType);
        Assert.Equal(new byte[] { 0xFF, 0xD8 }, (await keyframe.Content.ReadAsByteArrayAsync())[..2]);
        using var clip = await api.GetAsync(links.GetProperty("clip").GetString());
        Assert.Equal(HttpStatusCode.OK, clip.StatusCode);
        Assert.Equal("video/mp4", clip.Content.Headers.ContentType?.MediaType);
        Assert.True((await clip.Content.ReadAsByteArrayAsync()).Length > 1000);

        // The Index service restarts (its in-process vectors are gone) and answers `similar` again.
        Stop("index");
        Start(_services["index"]);
        await WaitHealthyAsync(_services["index"]);
        await WaitHealthyAsync(_services["gateway"]);
        await AssertSimilarAcrossTitlesAsync(api, shot.GetProperty("shotId").GetString()!);
    }

    private static async Task AssertSimilarAcrossTitlesAsync(HttpClient api, string shotId)
    {
        var similar = await api.GetFromJsonAsync<JsonElement>($"/api/v1/shots/{Uri.EscapeDataString(shotId)}/similar?flavour=frame&k=5&excludeSameTitle=true");
        var found = similar.GetProperty("shots").EnumerateArray().Select(s => s.GetProperty("shot").GetProperty("titleId").GetString()).ToList();
        Assert.NotEmpty(found);
        Assert.All(found, t => Assert.Equal("goldeneye", t));
    }

    private async Task WaitCompletedAsync(HttpClient api, Uri landing)
    {
        var deadline = DateTime.UtcNow + Patience;
        string? asset = null;
        while (DateTime.UtcNow < deadline)
        {
            if (asset is null)
            {
                var state = await api.GetFromJsonAsync<JsonElement>(landing);
                if (state.GetProperty("asset").GetString() is { } a) asset = a;
            }
            else
            {
                var status = await api.GetFromJsonAsync<JsonElement>(asset);
                var s = status.GetProperty("state").GetString();
                if (s == "completed") return;
                Assert.True(s != "failed", $"{asset} failed: {status.GetProperty("failureReason")}; logs in {_work}: {Logs()}");
            }
            await Task.Delay(1000);
        }
        throw new TimeoutException($"{landing} did not complete within {Patience}; {Logs()}");
    }

    // --- compose as processes ---

    private IEnumerable<string> DependsOn(ComposeService s) => Map(s.Node, "depends_on").Keys.Cast<string>().Where(_services.ContainsKey);

    private void Start(ComposeService service)
    {
        var dll = Path.Combine(_root, Path.GetDirectoryName(service.Project)!, "bin", Configuration, "net10.0", Path.GetFileNameWithoutExtension(service.Project) + ".dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: build the solution first (make test does)");
        // The image's WORKDIR holds the published app with its appsettings.json: the build output folder here.
        var info = new ProcessStartInfo("dotnet", dll) { WorkingDirectory = Path.GetDirectoryName(dll)!, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.Environment.Clear();
        foreach (var keep in new[] { "PATH", "HOME", "DOTNET_ROOT" })
            if (Environment.GetEnvironmentVariable(keep) is { } v) info.Environment[keep] = v;
        foreach (var (key, value) in EnvironmentOf(service)) info.Environment[key] = value;
        var log = Path.Combine(_work, $"{service.Name}.log");
        var process = Process.Start(info)!;
        var sink = new object();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (sink) File.AppendAllText(log, e.Data + "\n"); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (sink) File.AppendAllText(log, e.Data + "\n"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _running[service.Name] = process;
    }

    /// <summary>The image's ENV, then compose's environment, interpolated and mapped onto this machine; then <see cref="Overrides"/>.</summary>
    private Dictionary<string, string> EnvironmentOf(ComposeService service)
    {
        var env = new Dictionary<string, string>();
        var dockerfile = File.ReadAllText(Path.Combine(_root, service.Dockerfile));
        foreach (Match m in Regex.Matches(dockerfile, @"^ENV ((?:[^\n]*\\\n)*[^\n]*)", RegexOptions.Multiline))
            foreach (Match pair in Regex.Matches(m.Groups[1].Value, @"(\w+)=(\S+)"))
                env[pair.Groups[1].Value] = pair.Groups[2].Value;
        // The container's port: the service listens on its loopback port instead; this machine's dotnet runs it.
        env.Remove("ASPNETCORE_HTTP_PORTS");
        env.Remove("DOTNET_ROOT");
        foreach (var (key, value) in Map(service.Node, "environment")) env[(string)key] = Interpolate((string)value!);

        var mapped = new Dictionary<string, string>();
        foreach (var (key, value) in env)
        {
            var v = MapUrl(value);
            if (key.EndsWith("__Host", StringComparison.Ordinal) && IsHost(value)) v = "127.0.0.1";
            if (key.EndsWith("__Port", StringComparison.Ordinal) && env.TryGetValue(key[..^"Port".Length] + "Host", out var host) && IsHost(host))
                v = PortOf(host, int.Parse(value, System.Globalization.CultureInfo.InvariantCulture)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            mapped[key] = v.StartsWith('/') ? HostPath(service.Name, v) : v;
        }
        mapped["ASPNETCORE_URLS"] = $"http://127.0.0.1:{service.Port}";
        foreach (var (key, value) in Overrides) mapped[key] = value;
        return mapped;
    }

    private bool IsHost(string name) => name is "rabbitmq" or "minio" || _services.ContainsKey(name);

    private int PortOf(string host, int port) => (host, port) switch
    {
        ("rabbitmq", 5672) => _rabbitPort,
        ("minio", 9000) => _s3Port,
        _ when _services.TryGetValue(host, out var s) && port == 8080 => s.Port,
        _ => throw new InvalidOperationException($"compose names {host}:{port}, which this test does not run"),
    };

    private string MapUrl(string value) =>
        Regex.Match(value, @"^(https?)://([a-z0-9-]+)(?::(\d+))?(/.*)?$") is { Success: true } m && IsHost(m.Groups[2].Value)
            ? $"{m.Groups[1].Value}://127.0.0.1:{PortOf(m.Groups[2].Value, m.Groups[3].Success ? int.Parse(m.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture) : 80)}{m.Groups[4].Value}"
            : value;

    /// <summary>Where a path inside the service's container lies here: under the longest volume or tmpfs mount that holds it.</summary>
    private string HostPath(string service, string containerPath)
    {
        var node = _services[service].Node;
        var mounts = new List<(string Target, string Source)>();
        foreach (var volume in List(node, "volumes").Cast<string>().Select(Interpolate))
        {
            var parts = volume.Split(':');
            var source = parts[0].StartsWith('.') ? Path.GetFullPath(Path.Combine(_root, parts[0]))
                : parts[0].StartsWith('/') ? parts[0] : Path.Combine(_work, "volumes", parts[0]);
            mounts.Add((parts[1], source));
        }
        foreach (var tmpfs in List(node, "tmpfs").Cast<string>())
            mounts.Add((tmpfs.Split(':')[0], Path.Combine(_work, "tmpfs", service, tmpfs.Split(':')[0].Trim('/'))));
        var mount = mounts.Where(m => containerPath == m.Target || containerPath.StartsWith(m.Target.TrimEnd('/') + "/", StringComparison.Ordinal))
            .OrderByDescending(m => m.Target.Length).FirstOrDefault();
        if (mount.Target is null) return containerPath;
        // Named volumes and tmpfs are made here; bind mounts name folders that must exist already.
        if (mount.Source.StartsWith(_work, StringComparison.Ordinal)) Directory.CreateDirectory(mount.Source);
        return mount.Source + containerPath[mount.Target.TrimEnd('/').Length..];
    }

    /// <summary>${VAR}, ${VAR:-default}, ${VAR-default} and ${VAR:?message} as compose reads them, from <see cref="_variables"/>.</summary>
    private string Interpolate(string value) => Regex.Replace(value.Replace("$$", "\u0001"), @"\$\{([A-Z0-9_]+)(?:(:?[-?])([^}]*))?\}", m =>
    {
        var set = _variables.TryGetValue(m.Groups[1].Value, out var v) ? v : null;
        return m.Groups[2].Value switch
        {
            ":-" => string.IsNullOrEmpty(set) ? m.Groups[3].Value : set,
            "-" => set ?? m.Groups[3].Value,
            ":?" or "?" => string.IsNullOrEmpty(set) ? throw new InvalidOperationException($"compose requires {m.Groups[1].Value}: {m.Groups[3].Value}") : set,
            _ => set ?? "",
        };
    }).Replace("\u0001", "$");

    private async Task WaitHealthyAsync(ComposeService service)
    {
        var test = string.Join(' ', List(Map(service.Node, "healthcheck"), "test").Cast<string>());
        var path = Regex.Match(test, @"http://localhost:8080(/\S*)").Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(path), $"{service.Name} has no HTTP healthcheck");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            if (_running[service.Name].HasExited)
                throw new InvalidOperationException($"{service.Name} exited ({_running[service.Name].ExitCode}): {Tail(service.Name)}");
            try
            {
                using var response = await http.GetAsync($"http://127.0.0.1:{service.Port}{path}");
                if (response.IsSuccessStatusCode) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }
            await Task.Delay(500);
        }
        throw new TimeoutException($"{service.Name} did not become healthy at {path}: {Tail(service.Name)}");
    }

    private void Stop(string service)
    {
        if (_running.Remove(service, out var p))
        {
            if (!p.HasExited) p.Kill(entireProcessTree: true);
            p.WaitForExit();
            p.Dispose();
        }
    }

    private string Tail(string service)
    {
        var log = Path.Combine(_work, $"{service}.log");
        return File.Exists(log) ? string.Join('\n', File.ReadLines(log).TakeLast(30)) : "(no output)";
    }

    private string Logs() => string.Join("\n", _services.Keys.Select(s => $"--- {s}\n{Tail(s)}"));

    private static string Configuration =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";

    /// <summary>The models folder compose mounts (MODELS_DIR): MATCHCUT_MODELS, else the nearest shared/models above the tests.</summary>
    private static string ModelsFolder()
    {
        if (Environment.GetEnvironmentVariable("MATCHCUT_MODELS") is { Length: > 0 } env) return env;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, "shared", "models")) && Directory.EnumerateFiles(Path.Combine(dir.FullName, "shared", "models"), "*.onnx").Any())
                return Path.Combine(dir.FullName, "shared", "models");
        throw new DirectoryNotFoundException("No shared/models above the test binaries; set MATCHCUT_MODELS (compose mounts the models folder into dedup and embed).");
    }

    private static Dictionary<object, object?> LoadCompose(string path)
    {
        using var reader = new StreamReader(path);
        return (Dictionary<object, object?>)new DeserializerBuilder().Build().Deserialize<object>(new MergingParser(new Parser(reader)))!;
    }

    private static Dictionary<object, object?> Map(Dictionary<object, object?> node, string key) =>
        node.TryGetValue(key, out var v) && v is Dictionary<object, object?> m ? m : [];

    private static List<object?> List(Dictionary<object, object?> node, string key) =>
        node.TryGetValue(key, out var v) && v is List<object?> l ? l : [];

    public async Task DisposeAsync()
    {
        foreach (var service in _running.Keys.ToList()) Stop(service);
        await TestProcesses.ScriptAsync(_root, "s3rver.sh", $"stop {_s3Port}", ("S3RVER_DATA_DIR", S3Folder));
        await TestProcesses.ScriptAsync(_root, "rabbitmq.sh", $"stop {_rabbitPort}", ("RABBITMQ_TEST_DIR", RabbitFolder));
        try { Directory.Delete(_work, recursive: true); } catch (IOException) { }
    }
}
